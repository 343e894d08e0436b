/**
 * Notifications: who sees which notice in the in-app inbox (addressed to one user, or to a role —
 * within one agency for the agency roles, across agencies for ICE and program roles), unread
 * counts and marking read; and the email outbox: one row per recipient user, queued in the
 * notice's own transaction, claimed and settled by the delivery job. Called only from use cases.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from './db.ts';
import type { Database } from './schema.ts';

type Q = Db | Tx;

/** Roles whose notices are scoped to their own agency; every other role sees all agencies. */
export const AGENCY_ROLES: readonly string[] = ['lea_admin', 'lea_officer'];

/** The signed-in user reading their inbox. */
export interface Reader {
  userId: string;
  role: string;
  agencyId: string | null;
}

export interface InboxItem {
  notificationId: string;
  kind: string | null;
  subject: string;
  body: string;
  caseId: string | null;
  agencyId: string | null;
  /** True when addressed to this user by id rather than to their role. */
  personal: boolean;
  createdAt: Date;
  readAt: Date | null;
}

/** The notices a reader may see: theirs by user id, or their role's (within their agency for agency roles). */
function addressedTo(reader: Reader) {
  return (eb: ExpressionBuilder<Database, 'notifications'>) => {
    const toRole: Expression<SqlBool>[] = [
      eb('recipient_user', 'is', null),
      eb('recipient_role', '=', reader.role),
    ];
    if (AGENCY_ROLES.includes(reader.role)) {
      toRole.push(reader.agencyId ? eb('agency_id', '=', reader.agencyId) : sql<SqlBool>`false`);
    }
    return eb.or([eb('recipient_user', '=', reader.userId), eb.and(toRole)]);
  };
}

/** One page of the reader's notices, newest first; `limit + 1` rows so the caller can tell if more follow. */
export async function inboxOf(
  q: Q,
  reader: Reader,
  options: {
    limit: number;
    unreadOnly?: boolean;
    after?: { createdAt: Date; notificationId: string } | null;
  },
): Promise<InboxItem[]> {
  let query = q
    .selectFrom('notifications')
    .select([
      'notification_id as notificationId',
      'kind',
      'subject',
      'body',
      'case_id as caseId',
      'agency_id as agencyId',
      'recipient_user as recipientUser',
      'created_at as createdAt',
      'read_at as readAt',
    ])
    .where(addressedTo(reader));
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('notification_id', '<', after.notificationId)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('created_at', 'desc')
    .orderBy('notification_id', 'desc')
    .limit(options.limit + 1)
    .execute();
  return rows.map(({ recipientUser, ...r }) => ({ ...r, personal: recipientUser === reader.userId }));
}

export async function unreadCountOf(q: Q, reader: Reader): Promise<number> {
  const r = await q
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(addressedTo(reader))
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Marks a notice the reader may see as read (once: a notice already read keeps its first time).
 * Null when the reader may not see it or it does not exist — the two are not told apart.
 */
export async function markRead(
  tx: Tx,
  reader: Reader,
  notificationId: string,
  at: Date,
): Promise<{ readAt: Date } | null> {
  const updated = await tx
    .updateTable('notifications')
    .set({ read_at: at })
    .where('notification_id', '=', notificationId)
    .where('read_at', 'is', null)
    .where(addressedTo(reader))
    .returning('read_at as readAt')
    .executeTakeFirst();
  if (updated?.readAt) return { readAt: updated.readAt };
  const existing = await tx
    .selectFrom('notifications')
    .select('read_at as readAt')
    .where('notification_id', '=', notificationId)
    .where(addressedTo(reader))
    .executeTakeFirst();
  return existing?.readAt ? { readAt: existing.readAt } : null;
}

// Email outbox --------------------------------------------------------------------------------

/** The notice as inserted, enough to find its recipients and write the email. */
export interface QueuedNotice {
  notificationId: string;
  agencyId: string | null;
  recipientRole: string;
  recipientUser?: string | null;
  subject: string;
}

/**
 * The email copy carries the subject line and a pointer to the inbox, never the notice's body:
 * narratives, criminal history and statements stay in the system of record.
 */
export const emailText = (subject: string): string =>
  `${subject}\n\nThis notice is in your Delegate inbox. Sign in to Delegate to read it and act on it; case details are not sent by email.\n`;

/**
 * Queues one email per recipient user with an enabled account: the addressed user, or every
 * user of the recipient role (of the notice's agency, for the agency roles). Runs in the
 * notice's transaction, so a notice and its emails commit or roll back together. Rows are
 * queued whether or not SMTP is configured; the delivery job runs only when it is and never
 * sends a row older than its maximum age (see app/notifications/deliver-email.ts).
 */
export async function queueEmails(tx: Tx, n: QueuedNotice, at: Date): Promise<number> {
  let recipients = tx.selectFrom('users').select('email').where('disabled_at', 'is', null);
  if (n.recipientUser) recipients = recipients.where('user_id', '=', n.recipientUser);
  else {
    recipients = recipients.where('role', '=', n.recipientRole);
    if (AGENCY_ROLES.includes(n.recipientRole)) {
      if (!n.agencyId) return 0;
      recipients = recipients.where('agency_id', '=', n.agencyId);
    }
  }
  const emails = [...new Set((await recipients.execute()).map((r) => r.email))];
  if (emails.length === 0) return 0;
  await tx
    .insertInto('email_outbox')
    .values(
      emails.map((recipient) => ({
        email_id: uuidv7(),
        notification_id: n.notificationId,
        recipient,
        subject: `Delegate: ${n.subject}`,
        body: emailText(n.subject),
        created_at: at,
      })),
    )
    .execute();
  return emails.length;
}

export interface OutboxRow {
  emailId: string;
  notificationId: string;
  recipient: string;
  subject: string;
  body: string;
  createdAt: Date;
  sentAt: Date | null;
  attempts: number;
  lastError: string | null;
}

const OUTBOX_COLUMNS = [
  'email_id as emailId',
  'notification_id as notificationId',
  'recipient',
  'subject',
  'body',
  'created_at as createdAt',
  'sent_at as sentAt',
  'attempts',
  'last_error as lastError',
] as const;

/** How the delivery job picks due rows; the schedule itself is the app's (deliver-email.ts). */
export interface ClaimOptions {
  /** offsetsMs[k]: how long after queueing a row that has had k attempts is due again. Its length is the attempt limit. */
  offsetsMs: readonly number[];
  /** Rows queued longer ago than this are never sent. */
  maxAgeMs: number;
  limit: number;
  /** Rows already attempted in this run, not to be retried by it. */
  exclude?: readonly string[];
}

/**
 * Claims due unsent rows: locks them (SKIP LOCKED, so two deliverers never take the same row)
 * and counts the attempt before anything is sent, so an attempt cut short by a crash still
 * counts and the row is due again at its next retry time rather than lost.
 */
export async function claimDueEmails(tx: Tx, at: Date, o: ClaimOptions): Promise<OutboxRow[]> {
  if (o.offsetsMs.length === 0 || o.limit <= 0) return [];
  const oldest = new Date(at.getTime() - o.maxAgeMs);
  let due = tx
    .selectFrom('email_outbox')
    .select('email_id')
    .where('sent_at', 'is', null)
    .where('created_at', '>=', oldest)
    .where((eb) =>
      eb.or(
        o.offsetsMs.map((offset, attempts) =>
          eb.and([eb('attempts', '=', attempts), eb('created_at', '<=', new Date(at.getTime() - offset))]),
        ),
      ),
    );
  if (o.exclude && o.exclude.length > 0) due = due.where('email_id', 'not in', [...o.exclude]);
  const ids = (
    await due.orderBy('created_at').orderBy('email_id').limit(o.limit).forUpdate().skipLocked().execute()
  ).map((r) => r.email_id);
  if (ids.length === 0) return [];
  const rows = await tx
    .updateTable('email_outbox')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('email_id', 'in', ids)
    .returning(OUTBOX_COLUMNS)
    .execute();
  return rows.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.emailId.localeCompare(b.emailId),
  );
}

/** Records a send; a row already marked sent keeps its first time. */
export async function markEmailSent(q: Q, emailId: string, at: Date): Promise<void> {
  await q
    .updateTable('email_outbox')
    .set({ sent_at: at, last_error: null })
    .where('email_id', '=', emailId)
    .where('sent_at', 'is', null)
    .execute();
}

export async function markEmailFailed(q: Q, emailId: string, error: string): Promise<void> {
  await q
    .updateTable('email_outbox')
    .set({ last_error: error })
    .where('email_id', '=', emailId)
    .where('sent_at', 'is', null)
    .execute();
}

/** The outbox rows of some notices (or all), oldest first: for operators and tests. */
export async function outboxOf(q: Q, notificationIds?: readonly string[]): Promise<OutboxRow[]> {
  let query = q.selectFrom('email_outbox').select(OUTBOX_COLUMNS);
  if (notificationIds) {
    if (notificationIds.length === 0) return [];
    query = query.where('notification_id', 'in', [...notificationIds]);
  }
  return query.orderBy('created_at').orderBy('email_id').execute();
}
