/**
 * The WSO program view GAO-21-186 found missing: per agency, the warrants ICE lodged, how many
 * were served, transferred to ICE, released at the end of the custody clock or withdrawn, and
 * how the clock performed — median and longest hours from service to transfer, and how many
 * people were (or are) held past its end; and the compliance inspections of WSO agreements
 * (migration 0013) with their findings. Read by the program office and inspectors
 * (`oversight.read`). Figures are computed from the cases as they stand, at `at`.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import { type WsoCaseRow, wsoCases } from '../../store/wso.ts';
import { hoursBetween } from '../casework/wso/custody-clock.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface WsoAgencyFigures {
  agencyId: string;
  agencyName: string;
  lodged: number;
  served: number;
  transferred: number;
  releasedAtLimit: number;
  withdrawn: number;
  /** Lodged or served and not closed. */
  open: number;
  /** Served at a facility with an IGSA: no custody clock. */
  igsa: number;
  clock: {
    /** Hours from service to transfer, over transferred cases with a clock. */
    medianHoursToTransfer: number | null;
    maxHoursToTransfer: number | null;
    /** Held past the end of the clock: transferred or released after it, or still held after it. */
    overLimit: number;
  };
}

export interface WsoProgramView {
  at: string;
  agencies: WsoAgencyFigures[];
  totals: Omit<WsoAgencyFigures, 'agencyId' | 'agencyName' | 'clock'> & { overLimit: number };
  inspections: Array<{ agencyId: string; on: string; finding: string }>;
  inspectionsNote: string | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : Math.round(((s[mid - 1]! + s[mid]!) / 2) * 10) / 10;
}

/** Whether the person stayed in the facility's custody on the warrant past the clock's end. */
function overLimit(c: WsoCaseRow, at: Date): boolean {
  if (!c.holdEndsAt || !c.record.wsoWarrant?.served) return false;
  const end = c.holdEndsAt.getTime();
  const transfer = c.record.wsoWarrant.transfer?.at;
  if (transfer) return Date.parse(transfer) > end;
  if (c.closedAt) return c.outcome !== 'warrant_withdrawn' && c.closedAt.getTime() > end;
  return at.getTime() > end;
}

/** The figures of one agency's WSO cases. Pure. */
export function agencyFigures(
  agencyId: string,
  agencyName: string,
  cases: WsoCaseRow[],
  at: Date,
): WsoAgencyFigures {
  const transferHours = cases
    .filter((c) => c.holdEndsAt && c.record.wsoWarrant?.served && c.record.wsoWarrant.transfer)
    .map((c) =>
      hoursBetween(new Date(c.record.wsoWarrant!.served!.at), new Date(c.record.wsoWarrant!.transfer!.at)),
    );
  return {
    agencyId,
    agencyName,
    lodged: cases.length,
    served: cases.filter((c) => c.record.wsoWarrant?.served).length,
    transferred: cases.filter((c) => c.outcome === 'transferred_to_ice').length,
    releasedAtLimit: cases.filter((c) => c.outcome === 'released_at_custody_limit').length,
    withdrawn: cases.filter((c) => c.outcome === 'warrant_withdrawn').length,
    open: cases.filter((c) => !c.closedAt).length,
    igsa: cases.filter((c) => c.record.wsoWarrant?.igsa === true).length,
    clock: {
      medianHoursToTransfer: median(transferHours),
      maxHoursToTransfer: transferHours.length ? Math.max(...transferHours) : null,
      overLimit: cases.filter((c) => overLimit(c, at)).length,
    },
  };
}

/** The view over every agency's WSO cases. Pure. */
export function programView(rows: WsoCaseRow[], at: Date): WsoProgramView {
  const byAgency = new Map<string, WsoCaseRow[]>();
  for (const r of rows) byAgency.set(r.agencyId, [...(byAgency.get(r.agencyId) ?? []), r]);
  const agencies = [...byAgency.entries()]
    .map(([agencyId, cases]) => agencyFigures(agencyId, cases[0]!.agencyName, cases, at))
    .sort((a, b) => a.agencyName.localeCompare(b.agencyName));
  const sum = (k: 'lodged' | 'served' | 'transferred' | 'releasedAtLimit' | 'withdrawn' | 'open' | 'igsa') =>
    agencies.reduce((n, a) => n + a[k], 0);
  return {
    at: at.toISOString(),
    agencies,
    totals: {
      lodged: sum('lodged'),
      served: sum('served'),
      transferred: sum('transferred'),
      releasedAtLimit: sum('releasedAtLimit'),
      withdrawn: sum('withdrawn'),
      open: sum('open'),
      igsa: sum('igsa'),
      overLimit: agencies.reduce((n, a) => n + a.clock.overLimit, 0),
    },
    inspections: [],
    inspectionsNote: NO_INSPECTIONS,
  };
}

const NO_INSPECTIONS =
  'No inspection records of WSO partners yet: inspections scheduled and held under WSO agreements are listed here.';

/** One line per finding of each WSO inspection (one line for an inspection without findings), newest first. Pure. */
export function inspectionLines(
  inspections: oversight.InspectionRecord[],
  findings: oversight.FindingRecord[],
): Pick<WsoProgramView, 'inspections' | 'inspectionsNote'> {
  const lines = inspections
    .filter((i) => i.model === 'WSO')
    .flatMap((i) => {
      const on = i.completedOn ?? i.dueOn;
      if (i.status === 'scheduled')
        return [{ agencyId: i.agencyId, on, finding: `Scheduled (due ${i.dueOn})` }];
      const own = findings.filter((f) => f.inspectionId === i.inspectionId);
      if (own.length === 0) return [{ agencyId: i.agencyId, on, finding: 'Held; no findings' }];
      return own.map((f) => ({ agencyId: i.agencyId, on, finding: `${f.summary} (${f.status})` }));
    })
    .sort((a, b) => b.on.localeCompare(a.on) || a.agencyId.localeCompare(b.agencyId));
  return { inspections: lines, inspectionsNote: lines.length ? null : NO_INSPECTIONS };
}

export async function wsoProgramView(deps: Deps, actor: Actor): Promise<Result<WsoProgramView>> {
  const denied = await guard(deps, actor, 'oversight.read');
  if (denied) return denied;
  const inspections = await oversight.listInspections(deps.db, null);
  const findings = await oversight.findingsOf(
    deps.db,
    inspections.map((i) => i.inspectionId),
  );
  return ok({
    ...programView(await wsoCases(deps.db), deps.clock.now()),
    ...inspectionLines(inspections, findings),
  });
}
