/**
 * The WSO flow through its use cases, on both backends: ICE lodges a warrant for a person booked
 * at a WSO facility; the jail's release moment starts no hold; the WSO serves the warrant and
 * ICE's 48-hour custody clock starts; ICE assumes custody (I-203) — or 48 hours pass, the
 * release task is created, and the jail's release closes the case at the custody limit. ICE may
 * withdraw the warrant. The audit chain holds throughout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../src/app/casework/fire-due-timers.ts';
import { listCases } from '../../src/app/casework/list-cases.ts';
import { serveWsoWarrant } from '../../src/app/casework/wso/serve-warrant.ts';
import { transferToIce } from '../../src/app/casework/wso/transfer-to-ice.ts';
import { withdrawWsoWarrant } from '../../src/app/casework/wso/withdraw-warrant.ts';
import { verifyAuditChain } from '../../src/store/audit.ts';
import * as casework from '../../src/store/casework.ts';
import { value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { jailEvent, lodged, type WsoWorld, wsoWorld } from './support.ts';

const RECEIVING = { name: 'ICE Processing Center (synthetic)', address: '1 Processing Way, Anytown' };

describe.each(backends())('WSO flow on %s', (backend) => {
  let w: WsoWorld;
  beforeAll(async () => {
    w = await wsoWorld(backend);
  }, 60_000);
  afterAll(async () => {
    await w?.t.close();
  });

  const kase = async (caseId: string) => (await casework.findCase(w.t.store.db, caseId))!;

  it('the demo WSO queue holds the lodged warrants only, by release time', async () => {
    const list = value(await listCases(w.t.deps, w.wso, { list: 'warrants' }));
    expect(list.items.length).toBeGreaterThanOrEqual(3);
    expect(list.items.every((i) => i.model === 'WSO' && i.status === 'warrant_lodged')).toBe(true);
    expect(list.items.every((i) => i.priorityExplanation === 'WSO: warrant lodged by ICE')).toBe(true);
    const releases = list.items.map((i) => i.expectedReleaseAt!.getTime());
    expect(releases).toEqual([...releases].sort((a, b) => a - b));
    // The JEM officer of the other agency sees none of them.
    expect(value(await listCases(w.t.deps, w.officer, { list: 'warrants' })).items).toEqual([]);
  });

  it('serving before the release moment is refused, and nothing changes', async () => {
    const { caseId } = await lodged(w);
    const r = await serveWsoWarrant(w.t.deps, w.wso, caseId, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'conflict', ruleId: 'wso.serve-at-release' });
    expect((await kase(caseId)).status).toBe('warrant_lodged');
  });

  it('lodge → release → serve → ICE assumes custody with the I-203', async () => {
    const { caseId, bookingNumber } = await lodged(w);
    const opened = await kase(caseId);
    expect(opened).toMatchObject({
      model: 'WSO',
      status: 'warrant_lodged',
      tier: 1,
      facilityCode: 'WSO-MAIN',
    });
    expect(opened.expectedReleaseAt?.toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect((await casework.documentsOf(w.t.store.db, caseId)).map((d) => d.form)).toEqual(['I-200']);

    // The release moment starts no JEM hold on a WSO case.
    const released = value(await jailEvent(w, bookingNumber, 'bail_posted', '2026-11-29T11:00:00Z'));
    expect(released).toMatchObject({ caseStatus: 'warrant_lodged', holdEndsAt: null });
    expect(await casework.timersOf(w.t.store.db, caseId)).toEqual([]);

    value(await serveWsoWarrant(w.t.deps, w.wso, caseId, { note: 'served at the release desk' }));
    const served = await kase(caseId);
    expect(served.status).toBe('warrant_served');
    expect(served.holdStartedAt?.toISOString()).toBe('2026-11-29T12:00:00.000Z');
    expect(served.holdEndsAt?.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(served.record.wsoWarrant).toMatchObject({ igsa: false, served: { by: w.wso.id } });
    const timers = await casework.timersOf(w.t.store.db, caseId);
    expect(timers.map((t) => [t.kind, t.dueAt.toISOString()]).sort()).toEqual([
      ['hold_24h', '2026-11-30T12:00:00.000Z'],
      ['hold_36h', '2026-12-01T00:00:00.000Z'],
      ['hold_44h', '2026-12-01T08:00:00.000Z'],
      ['hold_48h', '2026-12-01T12:00:00.000Z'],
    ]);
    // Served once: a second service is refused.
    const again = await serveWsoWarrant(w.t.deps, w.wso, caseId, {});
    expect(!again.ok && again.error.ruleId).toBe('wso.serve-needs-lodged-warrant');

    // A WSO does not assume custody for ICE.
    const byWso = await transferToIce(w.t.deps, w.wso, caseId, { receivingFacility: RECEIVING });
    expect(!byWso.ok && byWso.error.code).toBe('forbidden');

    w.t.clock.set('2026-11-30T18:30:00Z');
    value(await transferToIce(w.t.deps, w.supervisor, caseId, { receivingFacility: RECEIVING }));
    const closed = await kase(caseId);
    expect(closed).toMatchObject({ status: 'closed', outcome: 'transferred_to_ice' });
    expect(closed.record.wsoWarrant?.transfer?.receivingFacility).toBe(RECEIVING.name);
    expect((await casework.documentsOf(w.t.store.db, caseId)).map((d) => d.form).sort()).toEqual([
      'I-200',
      'I-203',
    ]);
    const b = await casework.findBookingByNumber(w.t.store.db, w.wsoAgencyId, bookingNumber);
    expect(b?.leftCustodyAt?.toISOString()).toBe('2026-11-30T18:30:00.000Z');
    expect((await casework.timersOf(w.t.store.db, caseId)).every((t) => t.cancelledAt !== null)).toBe(true);
    const events = (await casework.caseEvents(w.t.store.db, caseId)).map((e) => e.kind);
    expect(events).toEqual([
      'case.warrant_lodged',
      'case.document_generated',
      'case.warrant_served',
      'case.transferred_to_ice',
      'case.document_generated',
    ]);
    w.t.clock.set('2026-11-29T12:00:00Z');
  });

  it('lodge → serve → 48 hours elapse → the release task; the jail’s release closes the case at the limit', async () => {
    const { caseId, bookingNumber } = await lodged(w);
    value(await jailEvent(w, bookingNumber, 'sentence_served', '2026-11-29T11:30:00Z'));
    value(await serveWsoWarrant(w.t.deps, w.wso, caseId, {}));

    w.t.clock.set('2026-11-30T12:00:30Z');
    value(await fireDueTimers(w.t.deps));
    expect(await openReleaseTasks(caseId)).toEqual([]);

    w.t.clock.set('2026-12-01T12:00:10Z');
    value(await fireDueTimers(w.t.deps));
    const tasks = await openReleaseTasks(caseId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.title).toMatch(
      /48 hours since the WSO warrant was served and ICE has not assumed custody/,
    );
    const timeline = (await casework.caseEvents(w.t.store.db, caseId)).map((e) => e.summary);
    expect(timeline.some((s) => /24-hour alert after the warrant was served/.test(s))).toBe(true);
    expect(timeline.at(-1)).toMatch(/48 hours since the warrant was served/);

    // Too late for ICE: the custody cannot be extended.
    const late = await transferToIce(w.t.deps, w.supervisor, caseId, { receivingFacility: RECEIVING });
    expect(late.ok).toBe(false);
    if (!late.ok) expect(late.error).toMatchObject({ code: 'conflict', ruleId: 'wso.custody-48-hour-limit' });

    const left = value(await jailEvent(w, bookingNumber, 'left_custody', '2026-12-01T12:00:05Z'));
    expect(left.caseStatus).toBe('closed');
    expect(await kase(caseId)).toMatchObject({ outcome: 'released_at_custody_limit' });
    expect(await openReleaseTasks(caseId)).toEqual([]);
    w.t.clock.set('2026-11-29T12:00:00Z');
  });

  it('ICE withdraws a lodged warrant, or a served one (then the jail must release)', async () => {
    const a = await lodged(w);
    value(await withdrawWsoWarrant(w.t.deps, w.supervisor, a.caseId, { reason: 'Lawful status found' }));
    expect(await kase(a.caseId)).toMatchObject({ status: 'closed', outcome: 'warrant_withdrawn' });
    expect(await openReleaseTasks(a.caseId)).toEqual([]);

    const b = await lodged(w);
    value(await jailEvent(w, b.bookingNumber, 'court_order', '2026-11-29T11:45:00Z'));
    value(await serveWsoWarrant(w.t.deps, w.wso, b.caseId, {}));
    const byWso = await withdrawWsoWarrant(w.t.deps, w.wso, b.caseId, { reason: 'not mine to withdraw' });
    expect(!byWso.ok && byWso.error.code).toBe('forbidden');
    value(await withdrawWsoWarrant(w.t.deps, w.supervisor, b.caseId, { reason: 'Subject in other custody' }));
    expect(await kase(b.caseId)).toMatchObject({ status: 'closed', outcome: 'warrant_withdrawn' });
    expect(await openReleaseTasks(b.caseId)).toHaveLength(1);
    expect((await casework.timersOf(w.t.store.db, b.caseId)).every((t) => t.cancelledAt !== null)).toBe(true);
    // The jail's release then completes the task.
    value(await jailEvent(w, b.bookingNumber, 'left_custody', '2026-11-29T11:59:00Z'));
    expect(await openReleaseTasks(b.caseId)).toEqual([]);
    const again = await withdrawWsoWarrant(w.t.deps, w.supervisor, b.caseId, { reason: 'again' });
    expect(!again.ok && again.error.ruleId).toBe('case.closed');
  });

  it('a person who leaves custody before service closes the case unserved', async () => {
    const { caseId, bookingNumber } = await lodged(w);
    value(await jailEvent(w, bookingNumber, 'left_custody', '2026-11-29T11:00:00Z'));
    expect(await kase(caseId)).toMatchObject({ status: 'closed', outcome: 'released_by_jail' });
    expect((await verifyAuditChain(w.t.store.db)).ok).toBe(true);
  });

  async function openReleaseTasks(caseId: string) {
    return (await casework.tasksOf(w.t.store.db, caseId)).filter(
      (t) => t.kind === 'mandatory_release' && t.status === 'open',
    );
  }
});
