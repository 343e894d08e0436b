/**
 * The demo's Warrant Service Officer agency (issue 5): its facility, WSO agreement, an
 * authorized WSO officer linked to the demo WSO account, and warrants lodged by ICE.
 * (Filled in by the WSO work.)
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';

export async function seedDemoWso(
  _deps: Deps,
  _actor: Actor,
  _agencyId: string,
  _county: string | null,
  _links: { officerUserId: string | null },
): Promise<Result<null>> {
  return ok(null);
}
