/** The agency identity providers a user may sign in with: ids and names only, for the sign-in page. */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export async function listOidcProviders(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ items: Array<{ id: string; name: string }> }>> {
  const denied = await guard(deps, actor, 'session.create');
  if (denied) return denied;
  if (!deps.oidc) return ok({ items: [] });
  const rows = await idps.listEnabledIdentityProviders(deps.db);
  return ok({ items: rows.map((p) => ({ id: p.provider_id, name: p.display_name })) });
}
