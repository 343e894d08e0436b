/** What every use case returns. Safe to log: codes and messages carry no personal data. */

export type ErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unavailable';

export interface UseCaseError {
  code: ErrorCode;
  userMessage: string;
  /** For a denial: the rule that decided it and its legal or MOA citation. */
  ruleId?: string;
  citation?: string | null;
  /** Where in the input the problem is (file, row, column, field). */
  where?: Record<string, string | number>;
}

export type Result<T> =
  | { ok: true; value: T; auditId?: string | undefined }
  | { ok: false; error: UseCaseError; auditId?: string | undefined };

export const ok = <T>(value: T, auditId?: string): Result<T> => ({ ok: true, value, auditId });

export const fail = <T = never>(
  code: ErrorCode,
  userMessage: string,
  extra: Omit<UseCaseError, 'code' | 'userMessage'> = {},
  auditId?: string,
): Result<T> => ({ ok: false, error: { code, userMessage, ...extra }, auditId });
