/**
 * Enables a disabled agency identity provider again (`user.create`): its sign-in button returns
 * and its callbacks are accepted. Sessions ended when it was disabled stay ended.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { existingProviderId } from './oidc-config.ts';

export async function enableOidcProvider(
  deps: Deps,
  actor: Actor,
  input: { providerId: string },
): Promise<Result<{ providerId: string }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const existing = await existingProviderId(deps.db, input.providerId);
  if (!existing.ok) return existing;
  const providerId = existing.value;
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    if (!(await idps.setIdentityProviderEnabled(tx, providerId, true))) return null;
    return appendAudit(tx, actor, now, {
      type: 'identity_provider.enabled',
      resource: { type: 'identity_provider', id: providerId },
      data: {},
    });
  });
  if (auditId === null) return fail('conflict', `The identity provider ${providerId} is already enabled.`);
  return ok({ providerId }, auditId);
}
