/**
 * The weekly integrity job (R38, SI-7(1)): verify the whole audit chain against the signed
 * checkpoints outside the database, check that data checksums are on and that PostgreSQL has
 * counted no checksum failure, and run `pg_amcheck --heapallindexed` when the caller can (the
 * CLI passes a runner; PGlite has none). Any failure raises an incident (R41). Audited.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import { checksumState } from '../../store/security-operations.ts';
import { verifyAudit } from '../audit/verify-audit.ts';
import type { Deps } from '../deps.ts';
import { raiseIncident } from './raise-incident.ts';

/** Weekly at least (R38); the server runs it on this interval. */
export const INTEGRITY_INTERVAL_MS = 7 * 24 * 3_600_000;

export interface AmcheckOutcome {
  ran: boolean;
  ok: boolean;
  detail: string;
}

export interface IntegrityReport {
  ok: boolean;
  chain: { ok: boolean; rows: number; checkpoints: number; problem: string | null };
  checksums: { enabled: boolean; failures: number } | null;
  amcheck: AmcheckOutcome;
}

export async function checkIntegrity(
  deps: Deps,
  actor: Actor,
  options: { kind: 'pglite' | 'postgres'; amcheck?: () => Promise<AmcheckOutcome> },
): Promise<Result<IntegrityReport>> {
  const verified = await verifyAudit(deps, actor);
  if (!verified.ok) return verified;
  const v = verified.value;
  const problem = v.badCheckpoint
    ? `checkpoint of ${v.badCheckpoint.length} rows (${v.badCheckpoint.at}): ${v.badCheckpoint.reason}`
    : v.ok
      ? null
      : `row ${v.firstBadSeq ?? '?'}: ${v.reason ?? 'the chain does not hold'}`;
  const checksums = options.kind === 'postgres' ? await checksumState(deps.db) : null;
  const amcheck: AmcheckOutcome = options.amcheck
    ? await options.amcheck()
    : { ran: false, ok: true, detail: 'not available for this database' };
  const checksumsOk = checksums === null || (checksums.enabled && checksums.failures === 0);
  const report: IntegrityReport = {
    ok: v.ok && checksumsOk && amcheck.ok,
    chain: { ok: v.ok, rows: v.head.seq, checkpoints: v.checkpoints, problem },
    checksums,
    amcheck,
  };
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    if (v.badCheckpoint) await raiseIncident(tx, actor, now, 'checkpoint_mismatch', problem!);
    else if (!v.ok) await raiseIncident(tx, actor, now, 'audit_chain_break', problem!);
    if (!checksumsOk || !amcheck.ok)
      await raiseIncident(
        tx,
        actor,
        now,
        'integrity_check_failed',
        !checksumsOk
          ? checksums!.enabled
            ? `PostgreSQL counted ${checksums!.failures} data checksum failures.`
            : 'Data checksums are off on this cluster.'
          : `pg_amcheck: ${amcheck.detail}`,
      );
    return appendAudit(tx, actor, now, {
      type: 'integrity.checked',
      resource: null,
      data: {
        ok: report.ok,
        chainOk: v.ok,
        rows: v.head.seq,
        checkpoints: v.checkpoints,
        checksums: checksums === null ? 'not_applicable' : checksumsOk ? 'ok' : 'failed',
        amcheck: amcheck.ran ? (amcheck.ok ? 'ok' : 'failed') : 'not_run',
      },
    });
  });
  return ok(report, auditId);
}
