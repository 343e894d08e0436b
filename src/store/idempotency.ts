/**
 * Idempotency keys (security.md R35) and the one transaction a keyed create runs in.
 *
 * `claimKey` inserts the key first; a concurrent request with the same key blocks on the
 * primary key until the first commits (then it finds the stored response) or rolls back (then
 * it claims the key itself). `transactionScope` lets a use case written against `Db` run inside
 * that transaction unchanged: its own `db.transaction()` becomes a savepoint.
 */
import { sql } from 'kysely';
import type { Db, Tx } from './db.ts';

export interface StoredKey {
  route: string;
  requestHash: string;
  status: number | null;
  response: unknown;
}

/** True when this transaction now holds the key; false when it was already committed. */
export async function claimKey(
  tx: Tx,
  k: { actorId: string; key: string; route: string; requestHash: string },
  at: Date,
): Promise<boolean> {
  const inserted = await tx
    .insertInto('idempotency_keys')
    .values({
      actor_id: k.actorId,
      key: k.key,
      route: k.route,
      request_hash: k.requestHash,
      status: null,
      response: null,
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['actor_id', 'key']).doNothing())
    .returning('key')
    .execute();
  return inserted.length === 1;
}

export async function findKey(tx: Tx, actorId: string, key: string): Promise<StoredKey | null> {
  const r = await tx
    .selectFrom('idempotency_keys')
    .select(['route', 'request_hash', 'status', 'response'])
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .executeTakeFirst();
  return r ? { route: r.route, requestHash: r.request_hash, status: r.status, response: r.response } : null;
}

export async function completeKey(
  tx: Tx,
  actorId: string,
  key: string,
  status: number,
  response: unknown,
): Promise<void> {
  await tx
    .updateTable('idempotency_keys')
    .set({ status, response: JSON.stringify(response ?? null) })
    .where('actor_id', '=', actorId)
    .where('key', '=', key)
    .execute();
}

export async function releaseKey(tx: Tx, actorId: string, key: string): Promise<void> {
  await tx.deleteFrom('idempotency_keys').where('actor_id', '=', actorId).where('key', '=', key).execute();
}

/**
 * A `Db` that is really `tx`: queries run in the transaction, and `transaction().execute(fn)`
 * runs `fn` inside a savepoint (released on success, rolled back when `fn` throws), so a use
 * case that catches its own failed write leaves the outer transaction usable.
 */
export function transactionScope(tx: Tx): Db {
  let n = 0;
  const nested = {
    execute: async <T>(fn: (inner: Tx) => Promise<T>): Promise<T> => {
      const name = sql.raw(`delegate_sp_${++n}`);
      await sql`SAVEPOINT ${name}`.execute(tx);
      try {
        const value = await fn(tx);
        await sql`RELEASE SAVEPOINT ${name}`.execute(tx);
        return value;
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT ${name}`.execute(tx);
        throw error;
      }
    },
  };
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === 'transaction') return () => nested;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Db;
}
