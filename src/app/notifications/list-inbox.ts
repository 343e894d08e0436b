/**
 * The signed-in user's inbox: notices addressed to them, or to their role — within their agency
 * for the agency roles, across agencies for ICE and program roles — newest first, with the
 * number still unread. Reading the inbox writes nothing and is not audited.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as notifications from '../../store/notifications.ts';
import type { Deps } from '../deps.ts';
import { decodeCursor, page } from '../pagination.ts';
import { readerOf } from './reader.ts';

export const INBOX_PAGE = { default: 50, max: 100 } as const;

export interface InboxQuery {
  cursor?: string | undefined;
  limit?: number | undefined;
  /** Only notices not yet read. */
  unread?: boolean | undefined;
}

export interface InboxEntry {
  notificationId: string;
  kind: string | null;
  subject: string;
  body: string;
  caseId: string | null;
  agencyId: string | null;
  personal: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface Inbox {
  items: InboxEntry[];
  unread: number;
  nextCursor: string | null;
}

export async function listInbox(deps: Deps, actor: Actor, query: InboxQuery = {}): Promise<Result<Inbox>> {
  const reader = readerOf(actor);
  if (!reader.ok) return reader;
  const limit = query.limit ?? INBOX_PAGE.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > INBOX_PAGE.max)
    return fail('invalid_input', `limit must be a whole number from 1 to ${INBOX_PAGE.max}.`, {
      where: { field: 'limit' },
    });
  const cursor = decodeCursor(query.cursor, 2);
  if (!cursor.ok) return cursor;
  const after = cursor.value
    ? { createdAt: new Date(cursor.value[0]!), notificationId: cursor.value[1]! }
    : null;
  if (after && Number.isNaN(after.createdAt.getTime()))
    return fail('invalid_input', 'cursor is not one this server issued.', { where: { field: 'cursor' } });
  const rows = await notifications.inboxOf(deps.db, reader.value, { limit, unreadOnly: query.unread, after });
  const unread = await notifications.unreadCountOf(deps.db, reader.value);
  const { items, nextCursor } = page(rows, limit, (r) => [r.createdAt.toISOString(), r.notificationId]);
  return ok({ items: items.map(entryOf), unread, nextCursor });
}

/** Just the number of unread notices (for the badge in the navigation). */
export async function countUnread(deps: Deps, actor: Actor): Promise<Result<{ unread: number }>> {
  const reader = readerOf(actor);
  if (!reader.ok) return reader;
  return ok({ unread: await notifications.unreadCountOf(deps.db, reader.value) });
}

const entryOf = (r: notifications.InboxItem): InboxEntry => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt ? r.readAt.toISOString() : null,
});
