/**
 * An auditor writes a signed checkpoint on demand (issue 7, security.md R18), through the same
 * use case the server's hourly tick calls (`audit.verify` permission, re-authentication for
 * `audit.checkpoint`), and the act is recorded in the trail: the checkpoint is written first,
 * outside the database, then its event; if the event cannot be written the request fails.
 */
import type { Actor } from '../../domain/actor.ts';
import type { SignedCheckpoint } from '../../domain/audit-checkpoint.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { writeAuditCheckpoint } from '../audit/write-audit-checkpoint.ts';
import type { Deps } from '../deps.ts';

export interface WrittenCheckpoint {
  length: number;
  headHash: string;
  at: string;
  signatureValid: boolean;
}

export async function writeCheckpointNow(deps: Deps, actor: Actor): Promise<Result<WrittenCheckpoint>> {
  const written: Result<SignedCheckpoint> = await writeAuditCheckpoint(deps, actor).catch((e: unknown) => {
    // Two writes of the same head at the same millisecond name the same file (written once).
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      return fail<SignedCheckpoint>('conflict', 'This checkpoint was just written; try again.');
    throw e;
  });
  if (!written.ok) return written;
  const c = written.value;
  const auditId = await deps.db.transaction().execute((tx) =>
    appendAudit(tx, actor, deps.clock.now(), {
      type: 'audit.checkpoint_written',
      resource: null,
      data: { length: c.length, headHash: c.headHash, at: c.at },
    }),
  );
  return ok(
    { length: c.length, headHash: c.headHash, at: c.at, signatureValid: deps.checkpoints!.verify(c) },
    auditId,
  );
}
