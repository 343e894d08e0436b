/**
 * Amending an MOA adds a version that supersedes the current one; terminating ends it. Either
 * way the current version stops governing at that instant, and every authorization under it
 * ends with it (domain.md §8 A.1): officers are authorized again under the new version.
 */
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../domain/actor.ts';
import type { MoaVersion } from '../../domain/moa.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { appendAudit } from '../../store/audit.ts';
import type { Tx } from '../../store/db.ts';
import * as moas from '../../store/moas.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { type MoaTermsInput, parseTerms } from './moa-terms.ts';

async function loadCurrent(deps: Deps, actor: Actor, moaId: string): Promise<Result<MoaVersion>> {
  const moa = await moas.findMoa(deps.db, moaId);
  if (!moa) return fail('not_found', 'No MOA has that id.');
  const denied = await guard(deps, actor, 'moa.manage', { type: 'moa', id: moaId, agencyId: moa.agency_id });
  if (denied) return denied;
  const current = (await moas.versionsOf(deps.db, moaId)).at(-1)!;
  if (current.status !== 'active') {
    return fail('conflict', `Version ${current.version} is ${current.status}; it can no longer be changed.`);
  }
  return ok(current);
}

async function endCurrent(tx: Tx, current: MoaVersion, status: 'terminated' | 'superseded', at: Date) {
  await moas.endVersion(tx, current, status, at);
  const ended = await officers.endAuthorizationsUnder(
    tx,
    current.moaId,
    current.version,
    `MOA version ${status}`,
    at,
  );
  // Authorized officers fall back to certified; a suspension or revocation stays on record.
  await officers.returnToCertified(tx, ended);
  await officers.notify(
    tx,
    {
      notificationId: uuidv7(),
      agencyId: current.agencyId,
      recipientRole: 'lea_admin',
      subject: `MOA ${status}`,
      body: `Version ${current.version} is ${status}; ${ended.length} officer authorization(s) under it ended.`,
    },
    at,
  );
  return ended.length;
}

export async function amendMoa(deps: Deps, actor: Actor, input: { moaId: string; terms: MoaTermsInput }) {
  const current = await loadCurrent(deps, actor, input.moaId);
  if (!current.ok) return current;
  const terms = parseTerms(input.terms);
  if (!terms.ok) return terms;
  const now = deps.clock.now();
  const version = current.value.version + 1;
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const ended = await endCurrent(tx, current.value, 'superseded', now);
    await moas.insertVersion(
      tx,
      {
        agencyId: current.value.agencyId,
        moaId: input.moaId,
        version,
        status: 'active',
        endedAt: null,
        ...terms.value,
      },
      actor.id,
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'moa.amended',
      resource: { type: 'moa', id: input.moaId },
      data: {
        agencyId: current.value.agencyId,
        version,
        models: terms.value.models,
        authorizationsEnded: ended,
      },
    });
  });
  return ok({ moaId: input.moaId, version }, auditId);
}

export async function terminateMoa(deps: Deps, actor: Actor, input: { moaId: string; reason: string }) {
  if (!input.reason.trim()) return fail('invalid_input', 'Give the reason for the termination.');
  const current = await loadCurrent(deps, actor, input.moaId);
  if (!current.ok) return current;
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    const ended = await endCurrent(tx, current.value, 'terminated', now);
    return appendAudit(tx, actor, now, {
      type: 'moa.terminated',
      resource: { type: 'moa', id: input.moaId },
      data: {
        agencyId: current.value.agencyId,
        version: current.value.version,
        models: current.value.models,
        authorizationsEnded: ended,
      },
    });
  });
  return ok({ moaId: input.moaId, terminatedAt: now.toISOString() }, auditId);
}
