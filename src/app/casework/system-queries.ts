/**
 * Queries to outside systems (IDENT/HART, EID, NCIC/III, LESC IAQ, CLAIMS) on a case. Asking is
 * a delegated action (`query_systems`: JEM and TFM officers and ICE; never a WSO). Each query is
 * a row with explicit state — requested, attempted, answered, failed, retry at — written with
 * its audit event, so a restart loses none; a worker (`processSystemQueries`) sends what is due
 * through the adapter in `deps.systems` and records the answer, re-prioritising the case when a
 * criminal history comes back.
 */
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { buildIaq, IAQ_NO_OFFENSE_CODE } from '../../domain/nlets-iaq.ts';
import { prioritise } from '../../domain/priority.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { SYSTEM_NAMES, type SystemName } from '../../integrations/systems/ports.ts';
import { appendAudit } from '../../store/audit.ts';
import * as casework from '../../store/casework.ts';
import type { Tx } from '../../store/db.ts';
import type { Deps } from '../deps.ts';
import { caseStep } from './case-step.ts';
import { criminalHistoryOf } from './criminal-history.ts';
import { type CaseContext, casePerson } from './standing.ts';

const schema = z.strictObject({
  systems: z.array(z.enum(SYSTEM_NAMES)).min(1, 'name at least one system').max(5),
  /** Nlets purpose code: C (criminal justice) or F (firearms). */
  purpose: z.enum(['C', 'F']).default('C'),
});

/** The request each system takes, from what the booking and subject hold; or why it cannot be asked. */
function requestFor(
  system: SystemName,
  ctx: CaseContext,
  purpose: 'C' | 'F',
  at: Date,
): { request: object } | { problem: string } {
  const p = casePerson(ctx);
  const aNumber = ctx.subject?.aNumber ?? p.aNumber;
  const fin = ctx.subject?.fin ?? p.fin;
  const fbiNumber = ctx.subject?.fbiNumber ?? p.fbiNumber;
  switch (system) {
    case 'IDENT':
      return p.fingerprintId
        ? { request: { fingerprintId: p.fingerprintId } }
        : { problem: 'IDENT needs the booking fingerprint submission id' };
    case 'EID':
      return {
        request: {
          ...(aNumber ? { aNumber } : {}),
          ...(fin ? { fin } : {}),
          lastName: p.lastName,
          firstName: p.firstName,
          dob: p.dob,
        },
      };
    case 'NCIC':
      return {
        request: {
          ...(fbiNumber ? { fbiNumber } : {}),
          lastName: p.lastName,
          firstName: p.firstName,
          dob: p.dob,
        },
      };
    case 'CLAIMS':
      return aNumber ? { request: { aNumber } } : { problem: 'CLAIMS needs an A-number' };
    case 'LESC': {
      const r = buildIaq(
        {
          ori: `${(ctx.kase.facilityCode ?? ctx.kase.jurisdiction ?? 'XX')
            .replace(/[^A-Z0-9]/gi, '')
            .toUpperCase()
            .padEnd(9, '0')
            .slice(0, 2)
            .replace(/[^A-Z]/g, 'X')}${'0'.repeat(7)}`,
          purpose,
          attention: '287G SCREENING',
          phone: '0000000000',
          name: { last: p.lastName, first: p.firstName, middle: p.middleName ?? null },
          dob: p.dob,
          sex: p.sex === 'M' || p.sex === 'F' ? p.sex : 'U',
          placeOfBirth: p.placeOfBirth ?? '',
          inCustody: true,
          offense: ctx.booking?.charges[0]?.ncic ?? IAQ_NO_OFFENSE_CODE,
          aNumber: aNumber ?? null,
          fbiNumber: fbiNumber ?? null,
        },
        { today: at.toISOString().slice(0, 10) },
      );
      return r.ok
        ? { request: r.iaq }
        : { problem: `LESC IAQ: ${r.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` };
    }
  }
}

export async function requestSystemQueries(
  deps: Deps,
  actor: Actor,
  caseId: string,
  input: unknown,
): Promise<Result<{ caseId: string; status: string }>> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return fail('invalid_input', describeIssue(parsed.error));
  const { systems, purpose } = parsed.data;
  return caseStep(deps, actor, caseId, {
    action: 'query_systems',
    step: 'query_systems',
    decide: (ctx, at) => {
      const rows: casework.SystemQueryRow[] = [];
      for (const system of new Set(systems)) {
        const r = requestFor(system, ctx, purpose, at);
        if ('problem' in r) return fail('invalid_input', r.problem);
        rows.push({
          queryId: uuidv7(),
          agencyId: ctx.kase.agencyId,
          caseId,
          system,
          purpose,
          request: r.request as Record<string, unknown>,
          state: 'requested',
          attempts: 0,
          retryAt: at,
          lastError: null,
          response: null,
          summary: null,
          requestedBy: actor.id,
          requestedAt: at,
          answeredAt: null,
        });
      }
      return ok({
        patch: {},
        event: {
          type: 'case.checks_requested',
          summary: `Database checks requested: ${rows.map((r) => r.system).join(', ')} (purpose ${purpose})`,
          data: { systems: rows.map((r) => r.system).join(',') },
        },
        alsoWrite: async (tx) => {
          for (const row of rows) {
            await casework.insertQuery(tx, row);
            await appendAudit(tx, actor, at, {
              type: 'system_query.requested',
              resource: { type: 'system_query', id: row.queryId },
              data: { system: row.system, purpose, caseId, summary: `requested by ${actor.id}`, attempt: 0 },
            });
          }
        },
      });
    },
  });
}

const MAX_ATTEMPTS = 5;
const backoffMs = (attempt: number) => Math.min(60_000 * 2 ** (attempt - 1), 30 * 60_000);

function summarise(system: SystemName, outcome: { kind: string; answer?: unknown }): string {
  if (outcome.kind === 'no_match') return `${system}: no record found (not evidence of status)`;
  const a = outcome.answer as Record<string, unknown>;
  switch (system) {
    case 'IDENT':
      return `IDENT: FIN ${a.fin}, ${(a.encounters as unknown[]).length} biometric encounter(s)`;
    case 'EID':
      return `EID: A-number ${a.aNumber ?? 'none'}, ${(a.encounters as unknown[] | undefined)?.length ?? 0} encounter(s)`;
    case 'NCIC':
      return `NCIC/III: ${(a.convictions as unknown[]).length} conviction(s), ${(a.pendingCharges as unknown[]).length} pending charge(s)`;
    case 'LESC':
      return `LESC IAR: ${String(a.status).replaceAll('_', ' ')}`;
    case 'CLAIMS':
      return `CLAIMS: ${a.currentStatus}`;
  }
}

/** Sends every due query once; answers, failures and retries are rows and audit events. */
export async function processSystemQueries(deps: Deps, options: { limit?: number } = {}) {
  const systems = deps.systems;
  if (!systems) return ok({ answered: 0, failed: 0, retried: 0 });
  const at = deps.clock.now();
  const due = await deps.db.transaction().execute(async (tx) => {
    const claimed = await casework.claimDueQueries(tx, at, options.limit ?? 50);
    // Mark attempted before sending: a crash mid-call leaves a row that is retried, never lost.
    for (const q of claimed)
      await casework.updateQuery(tx, q.queryId, {
        state: 'attempted',
        attempts: q.attempts + 1,
        retryAt: new Date(at.getTime() + backoffMs(q.attempts + 1)),
      });
    return claimed;
  });
  const counts = { answered: 0, failed: 0, retried: 0 };
  for (const q of due) {
    const attempt = q.attempts + 1;
    const system = q.system as SystemName;
    let outcome: Awaited<ReturnType<typeof systems.query>>;
    try {
      outcome = await systems.query(system, q.request as never, { attempt });
    } catch (error) {
      outcome = { kind: 'failed', latencyMs: 0, reason: (error as Error).message, retryable: true };
    }
    const done = deps.clock.now();
    const actor: Actor = {
      kind: 'operator',
      id: `operator:${system.toLowerCase()}-adapter`,
      role: 'program_office',
      agencyId: null,
    };
    await deps.db.transaction().execute(async (tx) => {
      if (outcome.kind === 'failed') {
        const final = !outcome.retryable || attempt >= MAX_ATTEMPTS;
        await casework.updateQuery(tx, q.queryId, {
          state: final ? 'failed' : 'attempted',
          attempts: attempt,
          retryAt: final ? null : new Date(done.getTime() + backoffMs(attempt)),
          lastError: outcome.reason,
        });
        await appendAudit(tx, actor, done, {
          type: 'system_query.failed',
          resource: { type: 'system_query', id: q.queryId },
          data: { system, purpose: q.purpose, caseId: q.caseId, summary: outcome.reason, attempt },
        });
        if (final) counts.failed++;
        else counts.retried++;
        return;
      }
      const summary = summarise(system, outcome);
      await casework.updateQuery(tx, q.queryId, {
        state: 'answered',
        attempts: attempt,
        retryAt: null,
        lastError: null,
        response: outcome,
        summary,
        answeredAt: done,
      });
      await appendAudit(tx, actor, done, {
        type: 'system_query.answered',
        resource: { type: 'system_query', id: q.queryId },
        data: { system, purpose: q.purpose, caseId: q.caseId, summary, attempt },
      });
      await casework.appendCaseEvent(tx, {
        caseId: q.caseId,
        at: done,
        actorId: actor.id,
        actorRole: null,
        kind: 'system_query.answered',
        summary,
        data: { system },
        auditEventId: null,
      });
      counts.answered++;
      if (system === 'NCIC' && outcome.kind === 'answered') await reprioritise(tx, q.caseId, done);
    });
  }
  return ok(counts);
}

async function reprioritise(tx: Tx, caseId: string, at: Date) {
  const kase = await casework.findCase(tx, caseId);
  if (!kase || kase.closedAt) return;
  const booking = kase.bookingId ? await casework.findBooking(tx, kase.bookingId) : null;
  const queries = await casework.queriesOf(tx, caseId);
  const p = prioritise(criminalHistoryOf(booking, queries).history);
  if (p.tier === kase.tier && p.explanation === kase.priorityExplanation) return;
  await casework.updateCase(
    tx,
    caseId,
    kase.version,
    { tier: p.tier, priorityExplanation: p.explanation, priorityPolicyVersion: p.policyVersion },
    at,
  );
  await casework.appendCaseEvent(tx, {
    caseId,
    at,
    actorId: 'operator:priority-policy',
    actorRole: null,
    kind: 'case.reprioritised',
    summary: `Criminal history received. ${p.explanation}`,
    data: { tier: p.tier },
    auditEventId: null,
  });
}
