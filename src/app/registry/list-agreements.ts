/** Agreements, filtered, with cursor pagination. */
import type { Actor } from '../../domain/actor.ts';
import { ok } from '../../domain/result.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { decodeCursor, page } from '../pagination.ts';

export async function listAgreements(
  deps: Deps,
  actor: Actor,
  input: registry.AgreementFilter & { limit?: number | undefined; cursor?: string | undefined },
) {
  const denied = await guard(deps, actor, 'registry.read');
  if (denied) return denied;
  const after = decodeCursor(input.cursor, 4);
  if (!after.ok) return after;
  const limit = input.limit ?? 50;
  const rows = await registry.listAgreements(
    deps.db,
    input,
    limit,
    after.value as registry.AgreementCursor | null,
  );
  return ok(page(rows, limit, (r) => [r.state, r.agencyName, r.model, r.agreementId]));
}
