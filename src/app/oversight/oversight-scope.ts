/**
 * Who sees which oversight records. ICE roles (and the console operator) see every agency; an
 * agency's staff see their own agency only. The authority engine decides (`tenancy.own_agency`);
 * a refusal because the record belongs to another agency answers as "not found", like an id
 * that is no record, so one agency cannot learn another's inspections or meetings exist. The
 * refusal itself is still audited by the guard.
 */
import type { Actor } from '../../domain/actor.ts';
import { fail, type Result } from '../../domain/result.ts';

/** The agency an agency role is held to, or null for ICE roles and the operator. */
export const agencyScope = (actor: Actor): string | null =>
  actor.kind === 'user' && actor.agencyId ? actor.agencyId : null;

/** The denial as the caller should see it: "not found" when the record is another agency's. */
export function hideForeign(
  denied: Result<never>,
  actor: Actor,
  recordAgencyId: string,
  notFound: string,
): Result<never> {
  const own = agencyScope(actor);
  if (own !== null && own !== recordAgencyId) return fail('not_found', notFound, {}, denied.auditId);
  return denied;
}
