/** Cursor pagination: cursors are opaque to clients, base64url JSON of the last row's sort key. */
import { fail, ok, type Result } from '../domain/result.ts';

export const encodeCursor = (key: string[]): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export function decodeCursor(cursor: string | undefined, length: number): Result<string[] | null> {
  if (!cursor) return ok(null);
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === length && key.every((k) => typeof k === 'string'))
      return ok(key);
  } catch {
    // fall through
  }
  return fail('invalid_input', 'cursor is not one this server issued.', { where: { field: 'cursor' } });
}

/** Takes `limit` of the `limit + 1` rows fetched, and the cursor for the next page if there is one. */
export function page<T>(rows: T[], limit: number, keyOf: (row: T) => string[]) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
