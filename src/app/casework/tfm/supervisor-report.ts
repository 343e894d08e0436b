/**
 * The TFM supervisor report (issue 5): per arresting officer, the warrantless arrests of a period
 * with their "likely to escape" justification, and the 8 CFR 287.3(a) examining-officer
 * exceptions (the arresting officer examined the person) with their reasons; arrests still
 * waiting for an examination or for the 287.3(c) advisals are shown too. Agency staff see their
 * own agency; ICE sees all, or one agency it names.
 */
import type { Actor } from '../../../domain/actor.ts';
import { isIsoDate } from '../../../domain/clock.ts';
import { fail, ok, type Result } from '../../../domain/result.ts';
import { namesOf, warrantlessArrests } from '../../../store/tfm.ts';
import type { Deps } from '../../deps.ts';
import { guard } from '../../guard.ts';

export interface ReportArrest {
  caseId: string;
  caseNumber: string;
  agencyId: string;
  jurisdiction: string | null;
  arrestedAt: string;
  likelyToEscape: string;
  examination: 'other_officer' | 'exception' | 'pending';
  examinedBy: string | null;
  exceptionReason: string | null;
  advisalsRecorded: boolean;
}

export interface OfficerLine {
  userId: string;
  name: string;
  warrantlessArrests: number;
  examinerExceptions: number;
  pendingExaminations: number;
  arrests: ReportArrest[];
}

export interface SupervisorReport {
  from: string;
  to: string;
  agencyId: string | null;
  officers: OfficerLine[];
  totals: { warrantlessArrests: number; examinerExceptions: number; pendingExaminations: number };
}

const MAX_DAYS = 366;

export async function tfmSupervisorReport(
  deps: Deps,
  actor: Actor,
  input: { from: string; to: string; agencyId?: string | undefined },
): Promise<Result<SupervisorReport>> {
  const own = actor.kind === 'user' && actor.agencyId ? actor.agencyId : null;
  const agencyId = own ?? input.agencyId ?? null;
  const denied = await guard(
    deps,
    actor,
    'case.read',
    agencyId ? { type: 'agency', id: agencyId, agencyId } : null,
  );
  if (denied) return denied;
  if (own && input.agencyId && input.agencyId !== own)
    return fail('forbidden', 'The report covers only your own agency.', { ruleId: 'tenancy.own_agency' });
  if (!isIsoDate(input.from)) return fail('invalid_input', 'from: must be a calendar date YYYY-MM-DD');
  if (!isIsoDate(input.to)) return fail('invalid_input', 'to: must be a calendar date YYYY-MM-DD');
  if (input.to < input.from) return fail('invalid_input', 'to: is before from');
  const from = new Date(`${input.from}T00:00:00Z`);
  const until = new Date(Date.parse(`${input.to}T00:00:00Z`) + 86_400_000);
  if (until.getTime() - from.getTime() > MAX_DAYS * 86_400_000)
    return fail('invalid_input', `to: the period is at most ${MAX_DAYS} days`);

  const rows = await warrantlessArrests(deps.db, { agencyId, from, until });
  const lines = new Map<string, OfficerLine>();
  for (const r of rows) {
    const arrest = r.record.warrantlessArrest;
    const by = arrest?.by ?? r.actorId;
    const exam = r.record.examination;
    const line =
      lines.get(by) ??
      ({
        userId: by,
        name: '',
        warrantlessArrests: 0,
        examinerExceptions: 0,
        pendingExaminations: 0,
        arrests: [],
      } as OfficerLine);
    lines.set(by, line);
    const examination = !exam ? 'pending' : exam.exception ? 'exception' : 'other_officer';
    line.warrantlessArrests += 1;
    if (examination === 'exception') line.examinerExceptions += 1;
    if (examination === 'pending') line.pendingExaminations += 1;
    line.arrests.push({
      caseId: r.caseId,
      caseNumber: r.caseNumber,
      agencyId: r.agencyId,
      jurisdiction: r.jurisdiction,
      arrestedAt: arrest?.at ?? new Date(r.at).toISOString(),
      likelyToEscape: arrest?.likelyToEscape ?? '',
      examination,
      examinedBy: exam?.by ?? null,
      exceptionReason: exam?.exception ?? null,
      advisalsRecorded: Boolean(r.record.arrestAdvisals),
    });
  }
  const names = await namesOf(deps.db, [
    ...new Set([
      ...lines.keys(),
      ...rows.flatMap((r) => (r.record.examination ? [r.record.examination.by] : [])),
    ]),
  ]);
  const officers = [...lines.values()]
    .map((l) => ({
      ...l,
      name: names.get(l.userId) ?? l.userId,
      arrests: l.arrests.map((a) => ({
        ...a,
        examinedBy: a.examinedBy ? (names.get(a.examinedBy) ?? a.examinedBy) : null,
      })),
    }))
    .sort(
      (a, b) =>
        b.examinerExceptions - a.examinerExceptions ||
        b.warrantlessArrests - a.warrantlessArrests ||
        a.name.localeCompare(b.name),
    );
  const sum = (k: 'warrantlessArrests' | 'examinerExceptions' | 'pendingExaminations') =>
    officers.reduce((n, o) => n + o[k], 0);
  return ok({
    from: input.from,
    to: input.to,
    agencyId,
    officers,
    totals: {
      warrantlessArrests: sum('warrantlessArrests'),
      examinerExceptions: sum('examinerExceptions'),
      pendingExaminations: sum('pendingExaminations'),
    },
  });
}
