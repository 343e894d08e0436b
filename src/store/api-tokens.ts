/** Machine credentials of jail systems (only the SHA-256 of a token is stored). Called only from use cases. */
import type { Db, Tx } from './db.ts';

export async function insertApiToken(
  tx: Tx,
  t: { tokenId: string; agencyId: string; name: string; tokenHash: string; createdBy: string },
  at: Date,
) {
  await tx
    .insertInto('api_tokens')
    .values({
      token_id: t.tokenId,
      agency_id: t.agencyId,
      name: t.name,
      token_hash: t.tokenHash,
      created_at: at,
      created_by: t.createdBy,
      revoked_at: null,
    })
    .execute();
}

export async function findApiToken(db: Db, tokenHash: string) {
  const r = await db
    .selectFrom('api_tokens')
    .select(['token_id as tokenId', 'agency_id as agencyId', 'name', 'revoked_at as revokedAt'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return r ?? null;
}
