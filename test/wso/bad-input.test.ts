/**
 * Bad input and refusals on the WSO use cases, on both backends: each is refused with a message
 * naming the field or the rule, and nothing is written (only the denial is audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { lodgeWarrant } from '../../src/app/casework/wso/lodge-warrant.ts';
import { serveWsoWarrant } from '../../src/app/casework/wso/serve-warrant.ts';
import { transferToIce } from '../../src/app/casework/wso/transfer-to-ice.ts';
import { withdrawWsoWarrant } from '../../src/app/casework/wso/withdraw-warrant.ts';
import { type Actor, operator, PUBLIC } from '../../src/domain/actor.ts';
import type { Result } from '../../src/domain/result.ts';
import { counts, newCase, plainSupervisor } from '../casework/flow.ts';
import { booking, value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { jailEvent, lodged, type WsoWorld, wsoWorld } from './support.ts';

describe.each(backends())('WSO bad input on %s', (backend) => {
  let w: WsoWorld;
  let bookingNumber: string;
  let lodge: (actor: Actor, over?: Record<string, unknown>) => Promise<Result<unknown>>;
  beforeAll(async () => {
    w = await wsoWorld(backend);
    bookingNumber = value(
      await ingestBooking(
        w.t.deps,
        operator('test'),
        booking({ bookingNumber: 'WB-000001', facilityCode: 'WSO-MAIN' }, { lastName: 'Ashgrove' }),
        { agencyId: w.wsoAgencyId },
      ),
    ).bookingNumber;
    lodge = (actor, over = {}) =>
      lodgeWarrant(w.t.deps, actor, {
        agencyId: w.wsoAgencyId,
        bookingNumber,
        form: 'I-200',
        number: 'WB-W-0001',
        ...over,
      });
  }, 60_000);
  afterAll(async () => {
    await w?.t.close();
  });

  /** Runs `body`, expects the refusal, and that nothing but a denial was written. */
  async function refused(body: () => Promise<Result<unknown>>, code: string, match: RegExp | string) {
    const before = await counts(w.t.store.db);
    const r = await body();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    const said = `${r.error.ruleId ?? ''} ${r.error.userMessage}`;
    if (typeof match === 'string') expect(said).toContain(match);
    else expect(said).toMatch(match);
    const after = await counts(w.t.store.db);
    expect({ ...after, denials: 0 }).toEqual({ ...before, denials: 0 });
  }

  it('refuses a lodging with bad input, naming the field', async () => {
    await refused(() => lodge(w.supervisor, { form: 'I-201' }), 'invalid_input', /^ ?form/);
    await refused(() => lodge(w.supervisor, { number: 'w 1' }), 'invalid_input', 'number');
    await refused(
      () => lodge(w.supervisor, { form: 'I-205' }),
      'invalid_input',
      /finalOrder: is required for an I-205/,
    );
    await refused(
      () => lodge(w.supervisor, { finalOrder: { date: '2025-01-01', by: 'IJ' } }),
      'invalid_input',
      /finalOrder: belongs only to an I-205/,
    );
    await refused(() => lodge(w.supervisor, { agencyId: 'not-an-id' }), 'invalid_input', 'agencyId');
    await refused(() => lodge(w.supervisor, { extra: true }), 'invalid_input', 'extra');
    await refused(() => lodge(w.supervisor, { bookingNumber: '' }), 'invalid_input', 'bookingNumber');
  });

  it('refuses whoever may not lodge, before anything about the input is said', async () => {
    await refused(() => lodgeWarrant(w.t.deps, PUBLIC, { nonsense: 1 }), 'unauthenticated', '');
    await refused(() => lodge(w.wsoCoordinator), 'forbidden', 'lea.no-warrant-signing');
    await refused(() => lodge(w.wso), 'forbidden', 'lea.no-warrant-signing');
    await refused(() => lodge(w.program), 'forbidden', '');
    await refused(() => lodge(w.coordinator), 'forbidden', 'tenancy');
    const plain = await plainSupervisor(w, 'plain-wso-supervisor@example.test');
    await refused(() => lodge(plain), 'forbidden', 'ice.warrant-issuer-only');
  });

  it('refuses a lodging on the facts: no such booking, not a WSO facility, a second warrant, a juvenile, gone', async () => {
    await refused(() => lodge(w.supervisor, { bookingNumber: 'NO-SUCH' }), 'not_found', 'No booking NO-SUCH');
    const jem = await newCase(w);
    await refused(
      () =>
        lodgeWarrant(w.t.deps, w.supervisor, {
          agencyId: w.agencyId,
          bookingNumber: jem.bookingNumber,
          form: 'I-200',
          number: 'WB-W-0002',
        }),
      'conflict',
      'wso.facility-not-listed',
    );
    const first = await lodged(w);
    await refused(
      () => lodge(w.supervisor, { bookingNumber: first.bookingNumber, number: 'WB-W-0003' }),
      'conflict',
      'wso.booking-has-case',
    );
    const minor = value(
      await ingestBooking(
        w.t.deps,
        operator('test'),
        booking(
          { bookingNumber: 'WB-000002', facilityCode: 'WSO-MAIN' },
          { lastName: 'Youngblood', dob: '2010-02-02' },
        ),
        { agencyId: w.wsoAgencyId },
      ),
    );
    await refused(
      () => lodge(w.supervisor, { bookingNumber: minor.bookingNumber }),
      'forbidden',
      'hardstop.juvenile',
    );
    const gone = value(
      await ingestBooking(
        w.t.deps,
        operator('test'),
        booking({ bookingNumber: 'WB-000003', facilityCode: 'WSO-MAIN' }, { lastName: 'Farrow' }),
        { agencyId: w.wsoAgencyId },
      ),
    );
    value(await jailEvent(w, gone.bookingNumber, 'left_custody', '2026-11-29T10:00:00Z'));
    await refused(
      () => lodge(w.supervisor, { bookingNumber: gone.bookingNumber }),
      'conflict',
      'wso.not-in-custody',
    );
  });

  it('refuses service, transfer and withdrawal with bad input or out of order', async () => {
    const { caseId } = await lodged(w);
    await refused(
      () => serveWsoWarrant(w.t.deps, w.wso, caseId, { servedAt: 'now' }),
      'invalid_input',
      'servedAt',
    );
    await refused(
      () => transferToIce(w.t.deps, w.supervisor, caseId, {}),
      'invalid_input',
      'receivingFacility',
    );
    await refused(
      () =>
        transferToIce(w.t.deps, w.supervisor, caseId, {
          receivingFacility: { name: 'ICE Processing Center', address: '1 Way' },
        }),
      'conflict',
      'wso.transfer-needs-service',
    );
    await refused(
      () => withdrawWsoWarrant(w.t.deps, w.supervisor, caseId, { reason: '' }),
      'invalid_input',
      'reason',
    );
    // A JEM case is not served as a WSO warrant, even by an officer who may serve warrants.
    const jem = await newCase(w);
    await refused(
      () => serveWsoWarrant(w.t.deps, w.officer, jem.caseId, {}),
      'conflict',
      'wso.serve-needs-lodged-warrant',
    );
    await refused(
      () => withdrawWsoWarrant(w.t.deps, w.supervisor, jem.caseId, { reason: 'not needed' }),
      'conflict',
      'wso.no-warrant',
    );
    // Another agency's WSO case is not the JEM officer's to touch.
    await refused(() => serveWsoWarrant(w.t.deps, w.officer, caseId, {}), 'forbidden', 'tenancy');
  });
});
