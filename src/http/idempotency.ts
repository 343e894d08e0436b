/**
 * Creates answer through `sendCreated` and declare `idempotencyHeaders` in their schema: an
 * `Idempotency-Key` header makes the create run once per key (security.md R35, app/idempotent.ts);
 * without the header the create runs as before. A replayed answer carries
 * `idempotent-replayed: true`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../app/deps.ts';
import { IDEMPOTENCY_KEY, runIdempotent } from '../app/idempotent.ts';
import { ok, type Result } from '../domain/result.ts';
import { send } from './problem.ts';

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY, 'must be 1–255 visible ASCII characters')
    .optional()
    .describe('Makes the create run once: a repeat with the same key and body returns the first answer.'),
});

/** A create: 201, run once per Idempotency-Key. */
export function sendCreated<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  create: (deps: Deps) => Promise<Result<T>>,
) {
  return sendOnce(req, reply, create, 201);
}

/**
 * A step answered 200 that honours an Idempotency-Key like a create: a retry with the same key
 * and body replays the first answer instead of being refused as a repeat; the same key with
 * another body is a 409.
 */
export function sendStep<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  step: (deps: Deps) => Promise<Result<T>>,
) {
  return sendOnce(req, reply, step, 200);
}

async function sendOnce<T>(
  req: FastifyRequest,
  reply: FastifyReply,
  run: (deps: Deps) => Promise<Result<T>>,
  status: 200 | 201,
) {
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string') return send(reply, await run(req.deps), status);
  const result = await runIdempotent(
    req.deps,
    req.actor,
    {
      key,
      route: `${req.method} ${req.routeOptions.url ?? req.url}`,
      request: { params: req.params ?? null, body: req.body ?? null },
    },
    run,
  );
  if (!result.ok) return send(reply, result);
  reply.header('idempotent-replayed', String(result.value.replayed));
  return send(reply, ok(result.value.value), status);
}
