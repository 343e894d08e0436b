/**
 * Enrols a known TOTP key for an account without going through sign-in. Only the demo seed
 * uses it, with its published synthetic key; real accounts enrol at their first sign-in.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { sealTotpSecret } from './totp-secret.ts';

export async function enrolTotpForDemo(
  deps: Deps,
  actor: Actor,
  input: { userId: string; secret: string },
): Promise<Result<null>> {
  const denied = await guard(deps, actor, 'demo.seed');
  if (denied) return denied;
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    if (
      !(await accounts.setTotpSecret(
        tx,
        input.userId,
        sealTotpSecret(input.userId, input.secret, deps.mfaKey),
        now,
      ))
    ) {
      return null;
    }
    return appendAudit(tx, actor, now, {
      type: 'session.mfa_enrolled',
      resource: { type: 'user', id: input.userId },
      data: { method: 'totp', via: 'demo_seed' },
    });
  });
  return auditId === null ? fail('conflict', 'The account already has MFA.') : ok(null, auditId);
}
