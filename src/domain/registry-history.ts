/**
 * Change events between consecutive snapshots of ICE's lists, and what the registry looks like
 * at a date. Pure: the store hands in rows, this decides what changed.
 */
import type { ListKind, Model } from './registry.ts';

export interface SnapshotRowView {
  agencyId: string;
  agencyName: string;
  state: string;
  model: Model;
  signedDate: string | null;
  signedRaw: string | null;
}

export interface SnapshotView {
  date: string;
  list: ListKind;
  rows: SnapshotRowView[];
}

export type ChangeKind =
  | 'agreement_added'
  | 'agreement_removed'
  | 'agreement_renewed'
  | 'signed_date_corrected'
  | 'model_added'
  | 'model_removed'
  | 'agency_renamed'
  | 'pending_listed'
  | 'pending_delisted';

export interface ChangeEvent {
  date: string;
  kind: ChangeKind;
  agencyId: string;
  agencyName: string;
  state: string;
  model: Model | null;
  detail: string;
}

export interface AgencyChange {
  agencyId: string;
  agencyName: string;
  state: string;
  models: Model[];
}

export interface SwitchedAgency extends AgencyChange {
  added: Model[];
  removed: Model[];
}

export interface RegistryDiff {
  joined: AgencyChange[];
  left: AgencyChange[];
  switched: SwitchedAgency[];
  events: ChangeEvent[];
}

/**
 * A new signed date within this many days of the old one, or earlier than it, reads as ICE
 * correcting the date it printed rather than a new agreement. Configuration, not law.
 */
export const SIGNED_DATE_CORRECTION_WINDOW_DAYS = 31;

interface AgencyState {
  agencyId: string;
  agencyName: string;
  state: string;
  /** model → signed dates (or raw text) listed for it */
  models: Map<Model, Set<string>>;
}

const signedKey = (r: SnapshotRowView) =>
  r.signedDate ?? (r.signedRaw ? `as published: ${r.signedRaw}` : 'no date');

function byAgency(rows: SnapshotRowView[]): Map<string, AgencyState> {
  const out = new Map<string, AgencyState>();
  for (const r of rows) {
    let a = out.get(r.agencyId);
    if (!a) {
      a = { agencyId: r.agencyId, agencyName: r.agencyName, state: r.state, models: new Map() };
      out.set(r.agencyId, a);
    }
    let dates = a.models.get(r.model);
    if (!dates) {
      dates = new Set();
      a.models.set(r.model, dates);
    }
    dates.add(signedKey(r));
  }
  return out;
}

const sortedModels = (m: Iterable<Model>): Model[] => [...m].sort();
const latest = (keys: Set<string>): string => [...keys].sort().at(-1) ?? '';
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s);

function describeDateChange(
  before: Set<string>,
  after: Set<string>,
): 'agreement_renewed' | 'signed_date_corrected' {
  const was = latest(before);
  const now = latest(after);
  if (!isDate(was) || !isDate(now)) return 'signed_date_corrected';
  const days = daysBetween(was, now);
  return days > SIGNED_DATE_CORRECTION_WINDOW_DAYS ? 'agreement_renewed' : 'signed_date_corrected';
}

/** What changed from one snapshot of a list to the next (or to any later one). */
export function diffSnapshots(from: SnapshotView, to: SnapshotView): RegistryDiff {
  const before = byAgency(from.rows);
  const after = byAgency(to.rows);
  const pending = to.list === 'pending';
  const diff: RegistryDiff = { joined: [], left: [], switched: [], events: [] };
  const event = (a: AgencyState, kind: ChangeKind, model: Model | null, detail: string) =>
    diff.events.push({
      date: to.date,
      kind,
      agencyId: a.agencyId,
      agencyName: a.agencyName,
      state: a.state,
      model,
      detail,
    });

  for (const a of after.values()) {
    const b = before.get(a.agencyId);
    if (!b) {
      diff.joined.push({ ...summary(a) });
      for (const [model, dates] of a.models) {
        event(
          a,
          pending ? 'pending_listed' : 'agreement_added',
          model,
          pending ? 'Listed as pending' : `Listed, signed ${[...dates].join(', ')}`,
        );
      }
      continue;
    }
    if (b.agencyName !== a.agencyName)
      event(a, 'agency_renamed', null, `"${b.agencyName}" → "${a.agencyName}"`);
    const added = sortedModels([...a.models.keys()].filter((m) => !b.models.has(m)));
    const removed = sortedModels([...b.models.keys()].filter((m) => !a.models.has(m)));
    if (added.length || removed.length) diff.switched.push({ ...summary(a), added, removed });
    for (const m of added) {
      event(
        a,
        pending ? 'pending_listed' : 'model_added',
        m,
        pending ? 'Listed as pending' : `Signed ${[...a.models.get(m)!].join(', ')}`,
      );
    }
    for (const m of removed) event(a, pending ? 'pending_delisted' : 'model_removed', m, 'No longer listed');
    if (pending) continue;
    for (const [m, dates] of a.models) {
      const old = b.models.get(m);
      if (!old || sameSet(old, dates)) continue;
      const kind = describeDateChange(old, dates);
      event(a, kind, m, `Signed ${[...old].join(', ')} → ${[...dates].join(', ')}`);
    }
  }
  for (const b of before.values()) {
    if (after.has(b.agencyId)) continue;
    diff.left.push(summary(b));
    for (const m of b.models.keys()) {
      event(b, pending ? 'pending_delisted' : 'agreement_removed', m, 'No longer listed');
    }
  }
  const byName = (x: { state: string; agencyName: string }, y: { state: string; agencyName: string }) =>
    x.state.localeCompare(y.state) || x.agencyName.localeCompare(y.agencyName);
  diff.joined.sort(byName);
  diff.left.sort(byName);
  diff.switched.sort(byName);
  diff.events.sort((x, y) => byName(x, y) || (x.model ?? '').localeCompare(y.model ?? ''));
  return diff;
}

function summary(a: AgencyState): AgencyChange {
  return {
    agencyId: a.agencyId,
    agencyName: a.agencyName,
    state: a.state,
    models: sortedModels(a.models.keys()),
  };
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * The full history of the lists, in date order: every snapshot compared with the one before it
 * in the same list. The first snapshot of each list lists what it holds as added.
 */
export function historyOf(snapshots: SnapshotView[]): ChangeEvent[] {
  const events: ChangeEvent[] = [];
  for (const list of ['participating', 'pending'] as const) {
    const ordered = snapshots.filter((s) => s.list === list).sort((a, b) => a.date.localeCompare(b.date));
    let prev: SnapshotView = { date: '', list, rows: [] };
    for (const s of ordered) {
      events.push(...diffSnapshots(prev, s).events);
      prev = s;
    }
  }
  return events.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind));
}
