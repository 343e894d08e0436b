/**
 * Re-authentication for privileged actions (security.md R7; NIST SP 800-53 IA-11): user
 * management, delegation changes, exports, audit access and adding a security key need the password and a second
 * factor, or a security key, proved within the last few minutes (`AuthConfig.reauthWindowMs`).
 * One check, driven by the set below, called by each privileged use case right after its guard.
 *
 * The proof's time travels on the actor that `resolveSession` builds (`authenticatedAt`). An
 * API token never proved anything interactively (`null`): it is always refused. Actors that do
 * not come from a session or token (the console operator, use cases called in-process) carry no
 * such field and are not asked.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { authConfig } from './auth-config.ts';

export const PRIVILEGED_ACTIONS = [
  'user.create',
  'user.unlock',
  'officer.authorize',
  'officer.revoke',
  'officer.reinstate',
  'export',
  'audit.verify',
  'audit.checkpoint',
  'audit.search',
  'audit.export',
  'webauthn.register',
] as const;
export type PrivilegedAction = (typeof PRIVILEGED_ACTIONS)[number];

const PRIVILEGED: ReadonlySet<string> = new Set(PRIVILEGED_ACTIONS);

/** The rule id of a step-up refusal: the web app answers it with the re-authentication dialog. */
export const STEP_UP = 'step-up';

/** A session actor with the time of its last proof, as `resolveSession` builds it. */
export type AuthenticatedActor = Actor & { authenticatedAt: Date | null };

/** When the actor last proved the password and a second factor; undefined when not a session or token. */
export function authenticatedAtOf(actor: Actor): Date | null | undefined {
  if (!('authenticatedAt' in actor)) return undefined;
  const at = actor.authenticatedAt;
  return at instanceof Date ? at : null;
}

/** Null when the action may go ahead; else a 401 whose rule id is `step-up`. */
export function requireRecentAuth(deps: Deps, actor: Actor, action: string): Result<never> | null {
  if (!PRIVILEGED.has(action) || actor.kind !== 'user') return null;
  const at = authenticatedAtOf(actor);
  if (at === undefined) return null;
  const now = deps.clock.now().getTime();
  if (at && now - at.getTime() <= authConfig(deps).reauthWindowMs && at.getTime() <= now) return null;
  return fail('unauthenticated', 'Confirm your identity to continue: this action needs a recent sign-in.', {
    ruleId: STEP_UP,
    citation: 'security.md R7; NIST SP 800-53 IA-11',
  });
}
