/** Use-case errors → RFC 9457 problem details with a stable `code`. */
import type { FastifyReply } from 'fastify';
import type { ErrorCode, Result, UseCaseError } from '../domain/result.ts';

export const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unavailable: 503,
};

const TITLES: Record<ErrorCode, string> = {
  invalid_input: 'The request is not valid',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not permitted',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Too large',
  unavailable: 'Unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  ruleId?: string;
  citation?: string | null;
  where?: Record<string, string | number>;
  auditId?: string;
}

export function problemOf(error: UseCaseError, auditId?: string): Problem {
  return {
    type: `/problems/${error.code}`,
    title: TITLES[error.code],
    status: STATUS[error.code],
    detail: error.userMessage,
    code: error.code,
    ...(error.ruleId ? { ruleId: error.ruleId, citation: error.citation ?? null } : {}),
    ...(error.where ? { where: error.where } : {}),
    ...(auditId ? { auditId } : {}),
  };
}

export function sendProblem(reply: FastifyReply, problem: Problem) {
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

/** Sends the value of a successful result, or its problem. */
export function send<T>(reply: FastifyReply, result: Result<T>, status = 200) {
  if (result.ok) return reply.code(status).send(result.value);
  return sendProblem(reply, problemOf(result.error, result.auditId));
}

/** How long a client waits after `retry-later` before sending the request again. */
export const RETRY_AFTER_SECONDS = 1;

/**
 * Constraints that hold a concurrency invariant (security.md R36): their violation by a request
 * that raced another is a conflict for the client, not a server error.
 */
export const CONSTRAINT_CONFLICTS: Record<string, { detail: string; ruleId: string }> = {
  cases_one_open_detainer: {
    detail: 'This subject already has an open detainer from this agency; lift it before drafting another.',
    ruleId: 'detainer.one-open-per-subject',
  },
};

/**
 * A database failure the client can act on: a transaction that kept failing with 40001/40P01
 * (nothing was written; 503 `retry-later` with Retry-After), or an invariant constraint that
 * refused a racing write (409). Null for anything else, which stays a generic 500 (R29).
 */
export function databaseProblem(error: unknown): { problem: Problem; retryAfter?: number } | null {
  const e = error as { name?: unknown; code?: unknown; constraint?: unknown } | null;
  // store/db.ts RetryLaterError (routes do not import the store), or a bare 40001/40P01.
  if (e?.name === 'RetryLaterError' || e?.code === '40001' || e?.code === '40P01') {
    return {
      problem: {
        type: '/problems/retry-later',
        title: 'Try again later',
        status: 503,
        detail:
          'The request met concurrent work and was not applied; send it again after Retry-After seconds.',
        code: 'retry-later',
      },
      retryAfter: RETRY_AFTER_SECONDS,
    };
  }
  const known =
    e?.code === '23505' && typeof e.constraint === 'string' ? CONSTRAINT_CONFLICTS[e.constraint] : null;
  if (known)
    return {
      problem: { ...problemOf({ code: 'conflict', userMessage: known.detail }), ruleId: known.ruleId },
    };
  return null;
}

/** Answers `error` as its database problem (see above); null when it is not one. */
export function sendDatabaseProblem(reply: FastifyReply, error: unknown) {
  const known = databaseProblem(error);
  if (!known) return null;
  if (known.retryAfter !== undefined) reply.header('retry-after', String(known.retryAfter));
  return sendProblem(reply, known.problem);
}
