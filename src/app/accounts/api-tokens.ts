/**
 * API tokens for jail management systems that send bookings (`Authorization: Bearer dlg_…`).
 * A token acts for its agency as the 287(g) coordinator would, on the booking endpoints only;
 * it is shown once at creation and only its SHA-256 is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as tokens from '../../store/api-tokens.ts';
import { appendAudit } from '../../store/audit.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import type { AuthenticatedActor } from './recent-auth.ts';

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createApiToken(
  deps: Deps,
  actor: Actor,
  input: { agencyId: string; name: string },
): Promise<Result<{ tokenId: string; token: string }>> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 120) return fail('invalid_input', 'name: must be 1–120 characters');
  const denied = await guard(deps, actor, 'api_token.create', {
    type: 'agency',
    id: input.agencyId,
    agencyId: input.agencyId,
  });
  if (denied) return denied;
  if (!(await registry.findAgency(deps.db, input.agencyId)))
    return fail('not_found', 'No agency has that id.');
  const tokenId = uuidv7();
  const token = `dlg_${randomBytes(32).toString('base64url')}`;
  const at = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await tokens.insertApiToken(
      tx,
      { tokenId, agencyId: input.agencyId, name, tokenHash: hash(token), createdBy: actor.id },
      at,
    );
    return appendAudit(tx, actor, at, {
      type: 'api_token.created',
      resource: { type: 'api_token', id: tokenId },
      data: { agencyId: input.agencyId, name },
    });
  });
  return ok({ tokenId, token }, auditId);
}

/** The actor a bearer token stands for, or null (unknown, revoked, malformed). */
export async function resolveApiToken(deps: Deps, token: string): Promise<Actor | null> {
  if (!/^dlg_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const t = await tokens.findApiToken(deps.db, hash(token));
  if (!t || t.revokedAt) return null;
  // A token never re-authenticates: privileged actions (recent-auth.ts) are refused to it.
  const actor: AuthenticatedActor = {
    kind: 'user',
    id: t.tokenId,
    role: 'lea_admin',
    agencyId: t.agencyId,
    authenticatedAt: null,
  };
  return actor;
}
