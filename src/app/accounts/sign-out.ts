/** Ends the caller's session. */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Deps } from '../deps.ts';
import { tokenHash } from './sign-in.ts';

export async function signOut(deps: Deps, actor: Actor, token: string): Promise<Result<null>> {
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await accounts.endSession(tx, tokenHash(token), now);
    return appendAudit(tx, actor, now, {
      type: 'session.signed_out',
      resource: { type: 'user', id: actor.id },
      data: {},
    });
  });
  return ok(null, auditId);
}
