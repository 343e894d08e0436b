/**
 * A native PostgreSQL server must not acknowledge a write it could lose (security.md R32):
 * Delegate refuses to serve unless fsync, synchronous_commit and full_page_writes are on.
 * Embedded PGlite runs without fsync by design; the README says so.
 */
import { fail, ok, type Result } from '../../domain/result.ts';
import { serverSettings } from '../../store/system.ts';
import type { Deps } from '../deps.ts';

export const DURABILITY_SETTINGS = ['fsync', 'synchronous_commit', 'full_page_writes'] as const;

/** Settings that do not keep acknowledged writes; `synchronous_commit` may be on, local, remote_write or remote_apply. */
export function unsafeSettings(settings: Record<string, string>): string[] {
  return DURABILITY_SETTINGS.filter((name) => {
    const v = settings[name];
    return name === 'synchronous_commit' ? v === 'off' || v === undefined : v !== 'on';
  }).map((name) => `${name}=${settings[name] ?? 'unknown'}`);
}

export async function checkDurability(deps: Deps): Promise<Result<null>> {
  const unsafe = unsafeSettings(await serverSettings(deps.db, [...DURABILITY_SETTINGS]));
  if (unsafe.length > 0) {
    return fail(
      'unavailable',
      `PostgreSQL could lose acknowledged writes (${unsafe.join(', ')}); turn these on before serving.`,
    );
  }
  return ok(null);
}
