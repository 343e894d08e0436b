/**
 * Runs a create once per Idempotency-Key (security.md R35). The key, a hash of the request and
 * the response are stored in the same transaction as the record the create writes, so after a
 * crash a key is either committed with its record and response or absent with neither.
 *
 * - same actor, key and request again → the first response, and nothing is written;
 * - same key with another route or body → conflict, and nothing is written;
 * - concurrent requests with one key → one runs; the others wait for it and replay its
 *   response (or run themselves if it failed, since a failure stores no key).
 */
import { createHash } from 'node:crypto';
import type { Actor } from '../domain/actor.ts';
import { fail, ok, type Result } from '../domain/result.ts';
import { canonicalJson } from '../store/audit.ts';
import * as idempotency from '../store/idempotency.ts';
import type { Deps } from './deps.ts';

export interface IdempotentRequest {
  key: string;
  /** Method and route pattern, e.g. `POST /api/v1/moas/:moaId/amendments`. */
  route: string;
  /** Everything that identifies the request besides the key: path parameters and body. */
  request: unknown;
}

export interface Created<T> {
  value: T;
  /** True when this is the stored answer to an earlier request with the same key. */
  replayed: boolean;
}

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export async function runIdempotent<T>(
  deps: Deps,
  actor: Actor,
  req: IdempotentRequest,
  create: (deps: Deps) => Promise<Result<T>>,
): Promise<Result<Created<T>>> {
  if (!IDEMPOTENCY_KEY.test(req.key)) {
    return fail('invalid_input', 'Idempotency-Key must be 1–255 visible ASCII characters.', {
      where: { header: 'idempotency-key' },
    });
  }
  const requestHash = createHash('sha256')
    .update(`delegate.idempotency.v1\0${req.route}\0`)
    .update(canonicalJson(req.request))
    .digest('hex');
  const key = { actorId: actor.id, key: req.key, route: req.route, requestHash };
  return deps.db.transaction().execute(async (tx) => {
    if (!(await idempotency.claimKey(tx, key, deps.clock.now()))) {
      const stored = await idempotency.findKey(tx, actor.id, req.key);
      if (!stored || stored.route !== req.route || stored.requestHash !== requestHash) {
        return fail('conflict', 'This Idempotency-Key was already used for a different request.', {
          where: { header: 'idempotency-key' },
        });
      }
      return ok({ value: stored.response as T, replayed: true });
    }
    const result = await create({ ...deps, db: idempotency.transactionScope(tx) });
    if (result.ok) {
      await idempotency.completeKey(tx, actor.id, req.key, 201, result.value);
      return ok({ value: result.value, replayed: false }, result.auditId);
    }
    // A refusal stores no key (its audit event still commits): the client may fix and retry.
    await idempotency.releaseKey(tx, actor.id, req.key);
    return result;
  });
}
