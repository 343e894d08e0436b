/**
 * The email delivery job: sends due outbox rows through the injected mailer and records the
 * outcome on each row — `sent_at` (the clock's time when the relay accepted it), `attempts`,
 * `last_error`. A failed row is retried on a doubling schedule counted from when it was queued
 * (1, 3, 7, 15 … minutes after) until the attempt limit; a row older than the maximum age is
 * never sent (a stale alert by email helps no one; the inbox still holds it).
 *
 * Restart-safe: each attempt is counted in a short transaction before the message is handed to
 * the relay (rows claimed with SKIP LOCKED), and the outcome is written after, so no network
 * call happens inside a transaction. A crash in between leaves the row unsent and due again at
 * its next retry time. As with any SMTP outbox, delivery is at least once: a crash after the
 * relay accepted a message but before `sent_at` was written sends it again.
 */
import { fail, ok, type Result } from '../../domain/result.ts';
import * as notifications from '../../store/notifications.ts';
import type { Deps } from '../deps.ts';

export interface DeliveryPolicy {
  /** Wait before the first retry; each later retry waits twice as long as the one before. */
  baseDelayMs: number;
  /** Attempts after which a row is given up (it stays unsent, with its last error). */
  maxAttempts: number;
  /** Rows queued longer ago than this are never sent. */
  maxAgeMs: number;
  /** Rows claimed per transaction. */
  batch: number;
}

export const DELIVERY: DeliveryPolicy = {
  baseDelayMs: 60_000,
  maxAttempts: 8,
  maxAgeMs: 24 * 60 * 60_000,
  batch: 50,
};

/** How long after queueing a row with `attempts` failed attempts is due again: base × (2^attempts − 1). */
export const retryOffsetMs = (attempts: number, policy: DeliveryPolicy = DELIVERY): number =>
  policy.baseDelayMs * (2 ** attempts - 1);

/**
 * When an unsent row is due for its next attempt (a time already past means "at the next run"),
 * or null when it never will be: sent, out of attempts, or past its maximum age at `now`.
 */
export function retryAt(
  row: { createdAt: Date; attempts: number; sentAt: Date | null },
  now: Date,
  policy: DeliveryPolicy = DELIVERY,
): Date | null {
  if (row.sentAt || row.attempts >= policy.maxAttempts) return null;
  const expires = row.createdAt.getTime() + policy.maxAgeMs;
  const at = row.createdAt.getTime() + retryOffsetMs(row.attempts, policy);
  return at > expires || now.getTime() > expires ? null : new Date(at);
}

export interface DeliveryReport {
  sent: number;
  failed: number;
}

/** A failure reason fit to store: first line, bounded. */
export const reasonOf = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  return (message.split('\n')[0] ?? '').slice(0, 500) || 'the relay refused the message';
};

export async function deliverEmail(
  deps: Deps,
  options: Partial<DeliveryPolicy> = {},
): Promise<Result<DeliveryReport>> {
  const mailer = deps.mailer;
  if (!mailer) return fail('unavailable', 'Email delivery is not configured: set DELEGATE_SMTP_URL.');
  const policy = { ...DELIVERY, ...options };
  const offsetsMs = Array.from({ length: policy.maxAttempts }, (_, k) => retryOffsetMs(k, policy));
  const attempted: string[] = [];
  const report: DeliveryReport = { sent: 0, failed: 0 };
  for (;;) {
    const at = deps.clock.now();
    const claimed = await deps.db.transaction().execute((tx) =>
      notifications.claimDueEmails(tx, at, {
        offsetsMs,
        maxAgeMs: policy.maxAgeMs,
        limit: policy.batch,
        exclude: attempted,
      }),
    );
    for (const row of claimed) {
      attempted.push(row.emailId);
      try {
        await mailer.send({ to: row.recipient, subject: row.subject, text: row.body });
      } catch (error) {
        await notifications.markEmailFailed(deps.db, row.emailId, reasonOf(error));
        report.failed++;
        continue;
      }
      await notifications.markEmailSent(deps.db, row.emailId, deps.clock.now());
      report.sent++;
    }
    if (claimed.length < policy.batch) break;
  }
  return ok(report);
}
