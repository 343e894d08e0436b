/**
 * Configures an agency identity provider. Whoever may create accounts (the console operator,
 * the program office) may say how they authenticate: the same `user.create` permission. The
 * client secret is never stored, only its reference (`env:NAME`), resolved at start-up.
 */
import type { Actor } from '../../domain/actor.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import * as idps from '../../store/identity-providers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { isLoopback, PROVIDER_ID } from './oidc-config.ts';

export interface AddProviderInput {
  providerId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecretRef: string;
  agencyId: string | null;
  emailDomains: string[];
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const SECRET_REF = /^env:[A-Za-z_][A-Za-z0-9_]*$/;

/** The first thing wrong with the input, or null. */
export function providerInputProblem(p: AddProviderInput): { field: string; message: string } | null {
  if (!PROVIDER_ID.test(p.providerId))
    return { field: 'id', message: 'The id is 1–63 lower-case letters, digits and hyphens.' };
  if (!p.displayName.trim() || p.displayName.length > 120)
    return { field: 'name', message: 'The name is 1–120 characters.' };
  let issuer: URL;
  try {
    issuer = new URL(p.issuer);
  } catch {
    return { field: 'issuer', message: 'The issuer is not a URL.' };
  }
  if (issuer.protocol !== 'https:' && !isLoopback(issuer))
    return { field: 'issuer', message: 'The issuer must use https (plain http only on this machine).' };
  if (issuer.search || issuer.hash)
    return { field: 'issuer', message: 'The issuer has no query or fragment.' };
  if (!p.clientId.trim() || p.clientId.length > 255)
    return { field: 'client-id', message: 'The client id is 1–255 characters.' };
  if (!SECRET_REF.test(p.clientSecretRef))
    return { field: 'secret', message: 'The client secret is a reference: env:VARIABLE_NAME.' };
  if (p.agencyId !== null && !UUID.test(p.agencyId))
    return { field: 'agency', message: 'The agency id is a UUID.' };
  const bad = p.emailDomains.find((d) => !DOMAIN.test(d));
  if (bad !== undefined) return { field: 'email-domain', message: `Not a domain name: ${bad.slice(0, 80)}.` };
  return null;
}

export async function addOidcProvider(
  deps: Deps,
  actor: Actor,
  raw: AddProviderInput,
): Promise<Result<{ providerId: string }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const input = {
    ...raw,
    displayName: raw.displayName.trim(),
    issuer: raw.issuer.trim(),
    clientId: raw.clientId.trim(),
    emailDomains: [...new Set(raw.emailDomains.map((d) => d.trim().toLowerCase()).filter(Boolean))],
  };
  const problem = providerInputProblem(input);
  if (problem) return fail('invalid_input', problem.message, { where: { field: problem.field } });
  if (input.agencyId !== null && !(await idps.agencyExists(deps.db, input.agencyId)))
    return fail('not_found', 'No agency has that id.', { where: { field: 'agency' } });
  const now = deps.clock.now();
  const result = await deps.db.transaction().execute(async (tx) => {
    if (!(await idps.insertIdentityProvider(tx, input, now))) return null;
    return appendAudit(tx, actor, now, {
      type: 'identity_provider.added',
      resource: { type: 'identity_provider', id: input.providerId },
      data: {
        issuer: input.issuer,
        clientId: input.clientId,
        agencyId: input.agencyId,
        emailDomains: input.emailDomains,
      },
    });
  });
  if (result === null)
    return fail('conflict', `An identity provider with the id ${input.providerId} exists.`);
  return ok({ providerId: input.providerId }, result);
}
