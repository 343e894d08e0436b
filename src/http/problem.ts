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
