/**
 * Disables an agency identity provider (`user.create`, as adding one): its sign-in button goes
 * from the sign-in page, its start and callback answer as for an unknown provider, and what it
 * let in ends in the same transaction as the change and its audit event — the open sessions and
 * pending sign-ins of the accounts bound to it, and its authorization requests in flight — so
 * none of them is honoured on the next request (as when an account is disabled, R8).
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { existingProviderId } from './oidc-config.ts';

export interface ProviderDisabled {
  providerId: string;
  accounts: number;
  sessionsEnded: number;
  pendingSignInsEnded: number;
}

export async function disableOidcProvider(
  deps: Deps,
  actor: Actor,
  input: { providerId: string },
): Promise<Result<ProviderDisabled>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const existing = await existingProviderId(deps.db, input.providerId);
  if (!existing.ok) return existing;
  const providerId = existing.value;
  const now = deps.clock.now();
  const done = await deps.db.transaction().execute(async (tx) => {
    if (!(await idps.setIdentityProviderEnabled(tx, providerId, false))) return null;
    const ended = await idps.endProviderAccess(tx, providerId, now);
    const auditId = await appendAudit(tx, actor, now, {
      type: 'identity_provider.disabled',
      resource: { type: 'identity_provider', id: providerId },
      data: {
        accounts: ended.accounts,
        sessionsEnded: ended.sessions,
        pendingSignInsEnded: ended.pendingSignIns,
      },
    });
    return { ended, auditId };
  });
  if (!done) return fail('conflict', `The identity provider ${providerId} is already disabled.`);
  return ok(
    {
      providerId,
      accounts: done.ended.accounts,
      sessionsEnded: done.ended.sessions,
      pendingSignInsEnded: done.ended.pendingSignIns,
    },
    done.auditId,
  );
}
