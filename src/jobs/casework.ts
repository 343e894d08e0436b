/**
 * The casework jobs the server runs on a short interval: fire due hold-clock timers (alerts at
 * 24, 36, 44 hours; the release at 48), send due queries to outside systems, and email due
 * notices when SMTP is configured. Both are
 * restart-safe (rows with state, claimed with SKIP LOCKED), so a missed tick is caught up by
 * the next one and two servers never double an alert.
 */

import { fireDueTimers } from '../app/casework/fire-due-timers.ts';
import { processSystemQueries } from '../app/casework/system-queries.ts';
import type { Deps } from '../app/deps.ts';
import { deliverEmail } from '../app/notifications/deliver-email.ts';
import { shipAudit } from '../app/security/ship-audit.ts';
import { watchIncidents } from '../app/security/watch-incidents.ts';
import { operator } from '../domain/actor.ts';

/** How often the server runs the casework jobs: well inside the hour between hold alerts. */
export const CASEWORK_TICK_MS = 30_000;

export async function runCaseworkJobs(
  deps: Deps,
): Promise<{ timers: number; queries: number; emails: number }> {
  const timers = await fireDueTimers(deps);
  const queries = await processSystemQueries(deps);
  // R41: a burst of lockouts is an incident within minutes, not at the next hourly job.
  await watchIncidents(deps, operator('delegate-jobs'));
  // R21: copy new audit rows to the separate store; a lag over 15 minutes is an incident.
  await shipAudit(deps, operator('delegate-jobs'));
  // After the timers, so an alert fired in this tick is emailed in this tick.
  const emails = deps.mailer ? await deliverEmail(deps) : null;
  return {
    timers: timers.ok ? timers.value.fired : 0,
    queries: queries.ok ? queries.value.answered + queries.value.failed + queries.value.retried : 0,
    emails: emails?.ok ? emails.value.sent : 0,
  };
}

/** Starts the interval; returns a stop function. A failing tick is retried on the next one. */
export function startCaseworkJobs(deps: Deps, intervalMs = CASEWORK_TICK_MS): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runCaseworkJobs(deps);
    } catch {
      // The rows stay due; the next tick retries them.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
