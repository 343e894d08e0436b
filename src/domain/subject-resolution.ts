/**
 * Subject resolution at intake (issue 4): link an incoming booking to a known subject by a
 * strong identifier (FBI number, FIN, A-number) or by exact name and date of birth; anything
 * weaker is a possible match for a person to review, never an automatic link. Identifiers that
 * point at different subjects are a conflict: a new subject and a review task, not a guess.
 * The probabilistic engine (src/matching) can replace `possibleMatches` behind this interface.
 */

export interface IncomingPerson {
  firstName: string;
  middleName?: string | undefined;
  lastName: string;
  dob: string;
  fbiNumber?: string | undefined;
  fin?: string | undefined;
  aNumber?: string | undefined;
}

export interface KnownSubject {
  subjectId: string;
  firstName: string;
  lastName: string;
  dob: string;
  fbiNumber: string | null;
  fin: string | null;
  aNumber: string | null;
}

export type LinkBasis = 'fbi_number' | 'fin' | 'a_number' | 'name_and_dob';

export interface PossibleMatch {
  subjectId: string;
  reasons: string[];
}

export type Resolution =
  | { kind: 'linked'; subjectId: string; basis: LinkBasis; possible: PossibleMatch[] }
  | { kind: 'new'; possible: PossibleMatch[] };

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

/** Day and month swapped (e.g. 1990-04-03 vs 1990-03-04). */
const dayMonthSwapped = (a: string, b: string) =>
  a.slice(0, 4) === b.slice(0, 4) &&
  a.slice(5, 7) === b.slice(8, 10) &&
  a.slice(8, 10) === b.slice(5, 7) &&
  a !== b;

function weakerReason(
  s: KnownSubject,
  p: IncomingPerson,
  sameName: boolean,
  swappedName: boolean,
  last: string,
): string | null {
  if ((sameName || swappedName) && dayMonthSwapped(s.dob, p.dob))
    return 'same name, day and month of birth transposed';
  if (swappedName && s.dob === p.dob) return 'given and family names swapped, same date of birth';
  if (fold(s.lastName) === last && s.dob === p.dob) return 'same family name and date of birth';
  if (sameName && s.dob.slice(0, 4) === p.dob.slice(0, 4)) return 'same name and year of birth';
  return null;
}

const conflictingIds = (p: IncomingPerson, s: KnownSubject) =>
  Boolean(
    (p.fbiNumber && s.fbiNumber && p.fbiNumber !== s.fbiNumber) ||
      (p.fin && s.fin && p.fin !== s.fin) ||
      (p.aNumber && s.aNumber && p.aNumber !== s.aNumber),
  );

export function resolveAtIntake(p: IncomingPerson, known: readonly KnownSubject[]): Resolution {
  const byId = new Map<LinkBasis, string>();
  for (const s of known) {
    if (p.fbiNumber && s.fbiNumber === p.fbiNumber) byId.set('fbi_number', s.subjectId);
    if (p.fin && s.fin === p.fin) byId.set('fin', s.subjectId);
    if (p.aNumber && s.aNumber === p.aNumber) byId.set('a_number', s.subjectId);
  }
  const idTargets = new Set(byId.values());
  const first = fold(p.firstName);
  const last = fold(p.lastName);
  const possible: PossibleMatch[] = [];
  const exact: KnownSubject[] = [];
  for (const s of known) {
    const sameName = fold(s.firstName) === first && fold(s.lastName) === last;
    const swappedName = fold(s.firstName) === last && fold(s.lastName) === first;
    const reasons: string[] = [];
    if (sameName && s.dob === p.dob) {
      if (!conflictingIds(p, s)) {
        exact.push(s);
        continue;
      }
      reasons.push('same name and date of birth, different identifiers');
    }
    if (reasons.length === 0) {
      const weaker = weakerReason(s, p, sameName, swappedName, last);
      if (weaker) reasons.push(weaker);
    }
    if (reasons.length > 0 && !idTargets.has(s.subjectId)) possible.push({ subjectId: s.subjectId, reasons });
  }
  if (idTargets.size > 1) {
    // Identifiers disagree: never pick one.
    return {
      kind: 'new',
      possible: [...idTargets].map((subjectId) => ({
        subjectId,
        reasons: [
          `identifiers point at different subjects: ${[...byId.entries()]
            .filter(([, id]) => id === subjectId)
            .map(([b]) => b)
            .join(', ')}`,
        ],
      })),
    };
  }
  if (idTargets.size === 1) {
    const [basis, subjectId] = [...byId.entries()][0]!;
    return { kind: 'linked', subjectId, basis, possible };
  }
  if (exact.length === 1)
    return { kind: 'linked', subjectId: exact[0]!.subjectId, basis: 'name_and_dob', possible };
  if (exact.length > 1)
    return {
      kind: 'new',
      possible: [
        ...exact.map((s) => ({
          subjectId: s.subjectId,
          reasons: ['same name and date of birth as another subject'],
        })),
        ...possible,
      ],
    };
  return { kind: 'new', possible };
}
