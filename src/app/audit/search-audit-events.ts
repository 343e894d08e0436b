/**
 * An auditor searches the audit trail (issue 7; security.md R15, R19) by user, subject, case,
 * time and event type, newest first, a page at a time by sequence number. Reading the trail is
 * itself an event: the search is recorded, in the transaction that reads the page, before the
 * page is returned (R16).
 */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { type AuditEventRow, type AuditSearch, appendAudit, searchAuditEvents } from '../../store/audit.ts';
import { requireRecentAuth } from '../accounts/recent-auth.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface AuditFilterInput {
  user?: string | undefined;
  subject?: string | undefined;
  case?: string | undefined;
  type?: string | undefined;
  /** A date (YYYY-MM-DD, from its start) or an ISO 8601 time with zone. */
  from?: string | undefined;
  /** A date (up to its end) or an ISO 8601 time with zone (exclusive). */
  to?: string | undefined;
}

export interface AuditSearchInput extends AuditFilterInput {
  /** The `nextCursor` of the previous page. */
  cursor?: string | undefined;
  limit?: number | undefined;
}

export interface AuditSearchPage {
  events: AuditEventRow[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY_MS = 24 * 60 * 60 * 1000;

type Checked =
  | { ok: true; query: Omit<AuditSearch, 'limit' | 'before'> }
  | { ok: false; field: string; message: string };

function instant(s: string, endOfDay: boolean): Date | null {
  if (isIsoDate(s)) return new Date(Date.parse(`${s}T00:00:00Z`) + (endOfDay ? DAY_MS : 0));
  if (!ISO_TIME.test(s)) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

const trimmed = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** The filters as a store query, or the one field that is not usable and why. */
export function checkAuditFilters(input: AuditFilterInput): Checked {
  const type = trimmed(input.type);
  if (type !== undefined && !EVENT_TYPE.test(type))
    return {
      ok: false,
      field: 'type',
      message: 'type is not an event type (for example session.signed_in).',
    };
  const fromText = trimmed(input.from);
  const toText = trimmed(input.to);
  const from = fromText === undefined ? undefined : instant(fromText, false);
  if (from === null)
    return {
      ok: false,
      field: 'from',
      message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 time with zone.',
    };
  const to = toText === undefined ? undefined : instant(toText, true);
  if (to === null)
    return {
      ok: false,
      field: 'to',
      message: 'to must be a date (YYYY-MM-DD) or an ISO 8601 time with zone.',
    };
  if (from && to && to <= from) return { ok: false, field: 'to', message: 'to must be after from.' };
  return {
    ok: true,
    query: {
      actorId: trimmed(input.user),
      subjectId: trimmed(input.subject),
      caseId: trimmed(input.case),
      type,
      from,
      to,
    },
  };
}

/** The filters in words, for the audit record of the search itself (ids only, no free text). */
export function describeFilters(q: Omit<AuditSearch, 'limit'>): string {
  const parts = [
    q.actorId !== undefined && `user=${q.actorId}`,
    q.subjectId !== undefined && `subject=${q.subjectId}`,
    q.caseId !== undefined && `case=${q.caseId}`,
    q.type !== undefined && `type=${q.type}`,
    q.from !== undefined && `from=${q.from.toISOString()}`,
    q.to !== undefined && `to=${q.to.toISOString()}`,
    q.before !== undefined && `before=${q.before}`,
  ].filter((p): p is string => typeof p === 'string');
  return (parts.join(' ') || 'all').slice(0, 1000);
}

export async function searchAuditTrail(
  deps: Deps,
  actor: Actor,
  input: AuditSearchInput,
): Promise<Result<AuditSearchPage>> {
  const denied = await guard(deps, actor, 'audit.search');
  if (denied) return denied;
  const stale = requireRecentAuth(deps, actor, 'audit.search');
  if (stale) return stale;
  const checked = checkAuditFilters(input);
  if (!checked.ok) return fail('invalid_input', checked.message, { where: { field: checked.field } });
  const limit = input.limit ?? PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_MAX)
    return fail('invalid_input', `limit must be a whole number from 1 to ${PAGE_MAX}.`, {
      where: { field: 'limit' },
    });
  const cursor = trimmed(input.cursor);
  if (cursor !== undefined && !/^[1-9]\d{0,15}$/.test(cursor))
    return fail('invalid_input', 'cursor is not a cursor this search returned.', {
      where: { field: 'cursor' },
    });
  const query: AuditSearch = {
    ...checked.query,
    before: cursor === undefined ? undefined : Number(cursor),
    limit,
  };
  const now = deps.clock.now();
  const { events, auditId } = await deps.db.transaction().execute(async (tx) => {
    const events = await searchAuditEvents(tx, query);
    const auditId = await appendAudit(tx, actor, now, {
      type: 'audit.searched',
      resource: null,
      data: { filters: describeFilters(query), returned: events.length },
    });
    return { events, auditId };
  });
  const nextCursor = events.length === limit ? String(events[events.length - 1]!.seq) : null;
  return ok({ events, nextCursor }, auditId);
}
