/**
 * Every configured agency identity provider, enabled or not, for whoever may say how accounts
 * authenticate (`user.create`: the console operator, the program office). Never the client
 * secret, nor the reference to where it is kept.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';

export interface ConfiguredProvider {
  id: string;
  name: string;
  agencyId: string | null;
  issuer: string;
  clientId: string;
  enabled: boolean;
  createdAt: string;
}

export async function listConfiguredOidcProviders(
  deps: Deps,
  actor: Actor,
): Promise<Result<{ items: ConfiguredProvider[] }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const rows = await idps.listIdentityProviders(deps.db);
  return ok({
    items: rows.map((p) => ({
      id: p.provider_id,
      name: p.display_name,
      agencyId: p.agency_id,
      issuer: p.issuer,
      clientId: p.client_id,
      enabled: p.enabled,
      createdAt: p.created_at,
    })),
  });
}
