/** R32: refuse to serve on a PostgreSQL server that could lose acknowledged writes. */
import { describe, expect, it } from 'vitest';
import { checkDurability, unsafeSettings } from '../../src/app/system/check-durability.ts';
import { serverSettings } from '../../src/store/system.ts';
import { backends, freshDb } from '../support/db.ts';

describe('durability settings', () => {
  it('accepts only fsync, synchronous_commit and full_page_writes on', () => {
    expect(unsafeSettings({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' })).toEqual([]);
    expect(unsafeSettings({ fsync: 'on', synchronous_commit: 'local', full_page_writes: 'on' })).toEqual([]);
    expect(unsafeSettings({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'on' })).toEqual([
      'fsync=off',
      'synchronous_commit=off',
    ]);
    expect(unsafeSettings({})).toHaveLength(3);
  });

  it.runIf(backends().includes('postgres'))(
    'reads the real server and refuses the test cluster, which runs with fsync off',
    async () => {
      const t = await freshDb('postgres');
      try {
        const settings = await serverSettings(t.store.db, [
          'fsync',
          'synchronous_commit',
          'full_page_writes',
        ]);
        expect(Object.keys(settings).sort()).toEqual(['fsync', 'full_page_writes', 'synchronous_commit']);
        const r = await checkDurability(t.deps);
        expect(r.ok).toBe(
          settings.fsync === 'on' &&
            settings.synchronous_commit !== 'off' &&
            settings.full_page_writes === 'on',
        );
        if (!r.ok) expect(r.error.userMessage).toMatch(/fsync=off/);
      } finally {
        await t.close();
      }
    },
  );
});
