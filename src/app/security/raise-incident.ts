/**
 * Raises an incident signal (R41): an audit event and a notice to the program office's inbox
 * (copied by email when SMTP is configured), at most once per signal per hour so a persisting
 * condition does not flood on-call. Runs inside the caller's transaction.
 */
import { v7 as uuidv7 } from 'uuid';
import type { IncidentSignal } from '../../domain/account-lifecycle.ts';
import type { Actor } from '../../domain/actor.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import { notify } from '../../store/officers.ts';
import { incidentRaisedSince } from '../../store/security-operations.ts';

const REPEAT_AFTER_MS = 3_600_000;

const TITLES: Record<IncidentSignal, string> = {
  audit_chain_break: 'Security incident: the audit chain does not verify',
  checkpoint_mismatch: 'Security incident: the audit chain no longer matches a signed checkpoint',
  lockout_burst: 'Security incident: many accounts locked in a short time',
  audit_pipeline_failure: 'Security incident: the audit pipeline is failing',
  clock_skew: 'Security incident: the server clock differs from the database clock',
  integrity_check_failed: 'Security incident: the integrity check failed',
};

/** Returns true when the incident was raised now, false when already raised within the hour. */
export async function raiseIncident(
  tx: Tx,
  actor: Actor,
  now: Date,
  signal: IncidentSignal,
  detail: string,
): Promise<boolean> {
  if (await incidentRaisedSince(tx, signal, new Date(now.getTime() - REPEAT_AFTER_MS))) return false;
  await notify(
    tx,
    {
      notificationId: uuidv7(),
      agencyId: null,
      recipientRole: 'program_office',
      subject: TITLES[signal],
      body: detail,
    },
    now,
  );
  await appendAudit(tx, actor, now, { type: 'incident.raised', resource: null, data: { signal, detail } });
  return true;
}
