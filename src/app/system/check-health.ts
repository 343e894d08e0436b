/** Answers ok when the database answers. */
import { fail, ok, type Result } from '../../domain/result.ts';
import { ping } from '../../store/system.ts';
import type { Deps } from '../deps.ts';

export async function checkHealth(
  deps: Deps,
  info: { database: string; version: string },
): Promise<Result<{ status: 'ok'; database: string; version: string }>> {
  try {
    await ping(deps.db);
    return ok({ status: 'ok', ...info });
  } catch {
    return fail('unavailable', 'The database does not answer.');
  }
}
