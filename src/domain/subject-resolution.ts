/**
 * Subject resolution at intake (issue 4): link an incoming booking to a known subject by a
 * strong identifier (FBI number, FIN, A-number); anything else — an exact name and date of birth
 * included — is a possible match for a person to review, never an automatic link: a wrong link
 * could put the wrong person on a detainer. Identifiers that
 * point at different subjects are a conflict: a new subject and a review task, not a guess.
 *
 * The probabilistic subject index (src/matching, through app/casework/subject-index.ts) adds
 * scored candidates after those rules: each one at or above the review threshold becomes a
 * possible match carrying its score and explanation. It links on its own only when the match
 * probability is at or above the auto-link threshold AND a strong identifier agrees (exactly
 * or within one keyed digit) with none disagreeing: never on biographic evidence alone.
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

export type LinkBasis = 'fbi_number' | 'fin' | 'a_number' | 'match_with_identifier';

/** Why an exact name and date of birth is a possible match rather than a link. */
export const NO_AGREEING_IDENTIFIER = 'same name and date of birth, no identifier agrees';

/** One field of a scored pair: its comparison level and its contribution in bits. */
export interface ExplanationStep {
  comparison: string;
  level: string;
  weight: number;
  /** Term-frequency part of the contribution, in bits (0 unless an exact agreement on a TF field). */
  tfAdjustment: number;
}

/** Why a pair scored as it did: prior + Σ(weight + tfAdjustment) = weight (the waterfall). */
export interface MatchExplanation {
  prior: number;
  namesSwapped: boolean;
  steps: ExplanationStep[];
  weight: number;
  probability: number;
}

/** A subject the probabilistic index scored against the incoming person. */
export interface ScoredCandidate {
  subjectId: string;
  weight: number;
  probability: number;
  /** Strong identifiers (A-number, FBI number) that agree (exact or one edit) or disagree. */
  identifiers: { agree: string[]; disagree: string[] };
  explanation: MatchExplanation;
}

/** The index's answer for one incoming person, with the thresholds in force. */
export interface ProbabilisticEvidence {
  candidates: readonly ScoredCandidate[];
  reviewThreshold: number;
  autoLinkThreshold: number;
}

export interface PossibleMatch {
  subjectId: string;
  reasons: string[];
  /** Present when the probabilistic index scored this subject. */
  score?: ScoredCandidate;
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

const probabilityText = (c: ScoredCandidate) =>
  `match probability ${c.probability >= 0.9999 ? 'above 0.9999' : c.probability.toFixed(4)} (match weight ${c.weight.toFixed(2)})`;

/** Adds the scored candidates to the rules' possible matches, excluding the linked subject. */
function withScores(possible: PossibleMatch[], evidence: ProbabilisticEvidence, linked: string | null) {
  const out = possible.map((m) => {
    const score = evidence.candidates.find((c) => c.subjectId === m.subjectId);
    return score ? { ...m, score, reasons: [...m.reasons, probabilityText(score)] } : m;
  });
  for (const c of evidence.candidates) {
    if (c.probability < evidence.reviewThreshold || c.subjectId === linked) continue;
    if (out.some((m) => m.subjectId === c.subjectId)) continue;
    out.push({ subjectId: c.subjectId, reasons: [probabilityText(c)], score: c });
  }
  return out;
}

/** Certain, and a strong identifier agrees with none disagreeing: the only probabilistic link. */
const autoLinks = (c: ScoredCandidate, evidence: ProbabilisticEvidence) =>
  c.probability >= evidence.autoLinkThreshold &&
  c.identifiers.agree.length > 0 &&
  c.identifiers.disagree.length === 0;

/**
 * The rules decide first (identifiers link; an exact name and date of birth is the top possible
 * match); the scored
 * candidates add possible matches, and link only under `autoLinks`.
 */
export function resolveAtIntake(
  p: IncomingPerson,
  known: readonly KnownSubject[],
  evidence?: ProbabilisticEvidence,
): Resolution {
  const byRules = resolveByRules(p, known);
  if (!evidence) return byRules;
  if (byRules.kind === 'linked')
    return { ...byRules, possible: withScores(byRules.possible, evidence, byRules.subjectId) };
  const conflict = byRules.possible.some((m) => m.reasons.some((r) => r.startsWith('identifiers point')));
  const best = evidence.candidates[0];
  // Only one subject in view (by the rules or above the review threshold): no choice to make.
  const others =
    byRules.possible.some((m) => m.subjectId !== best?.subjectId) ||
    evidence.candidates.some((c) => c !== best && c.probability >= evidence.reviewThreshold);
  if (!conflict && !others && best && autoLinks(best, evidence)) {
    const possible = withScores([], evidence, best.subjectId);
    return { kind: 'linked', subjectId: best.subjectId, basis: 'match_with_identifier', possible };
  }
  return { kind: 'new', possible: withScores(byRules.possible, evidence, null) };
}

function resolveByRules(p: IncomingPerson, known: readonly KnownSubject[]): Resolution {
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
  if (exact.length > 0)
    return {
      kind: 'new',
      possible: [
        ...exact.map((s) => ({
          subjectId: s.subjectId,
          reasons: [
            exact.length === 1 ? NO_AGREEING_IDENTIFIER : 'same name and date of birth as another subject',
          ],
        })),
        ...possible,
      ],
    };
  return { kind: 'new', possible };
}
