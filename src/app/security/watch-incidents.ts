/**
 * The periodic incident watch (R41): a burst of account lockouts (10 in 15 minutes, from any
 * source — the sign-in does not record a network source, so all lockouts count together, which
 * can only alert more often) raises an incident. The server runs it on the casework tick.
 */
import { LOCKOUT_INCIDENT } from '../../domain/account-lifecycle.ts';
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { lockoutsSince } from '../../store/security-operations.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { raiseIncident } from './raise-incident.ts';

export async function watchIncidents(deps: Deps, actor: Actor): Promise<Result<{ raised: string[] }>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  const now = deps.clock.now();
  const since = new Date(now.getTime() - LOCKOUT_INCIDENT.windowMinutes * 60_000);
  const lockouts = await lockoutsSince(deps.db, since);
  const raised: string[] = [];
  if (lockouts >= LOCKOUT_INCIDENT.count) {
    const detail = `${lockouts} accounts were locked after repeated failed sign-ins in the last ${LOCKOUT_INCIDENT.windowMinutes} minutes.`;
    const now_ = await deps.db
      .transaction()
      .execute((tx) => raiseIncident(tx, actor, now, 'lockout_burst', detail));
    if (now_) raised.push('lockout_burst');
  }
  return ok({ raised });
}

/** An audit checkpoint could not be written (R21): raise the incident at once. */
export async function reportAuditPipelineFailure(
  deps: Deps,
  actor: Actor,
  detail: string,
): Promise<Result<null>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  const now = deps.clock.now();
  await deps.db
    .transaction()
    .execute((tx) =>
      raiseIncident(tx, actor, now, 'audit_pipeline_failure', `Audit checkpoint not written: ${detail}`),
    );
  return ok(null);
}
