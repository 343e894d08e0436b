/**
 * Bad input on a TFM field encounter (issue 5): outside the area of responsibility, with no
 * basis, with a forbidden basis (immigration status or a protected characteristic, as a code or
 * in the narrative), with a bad person or time — each refused with a clear message, the rule and
 * its citation, and nothing written (only the denial itself is audited when the engine refuses).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEncounter } from '../../src/app/casework/tfm/record-encounter.ts';
import type { Result } from '../../src/domain/result.ts';
import { counts } from '../casework/flow.ts';
import { backends } from '../support/db.ts';
import { encounter, type TfmWorld, tfmWorld } from './support.ts';

describe.each(backends())('TFM encounter bad input on %s', (backend) => {
  let w: TfmWorld;
  beforeAll(async () => {
    w = await tfmWorld(backend);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  /** Runs the encounter and answers its refusal; fails when anything but a denial was written. */
  async function refused(input: unknown, expectDenial = false) {
    const before = await counts(w.t.store.db);
    const r: Result<unknown> = await recordEncounter(w.t.deps, w.tfm, input);
    const after = await counts(w.t.store.db);
    expect(r.ok).toBe(false);
    expect({ ...after, denials: 0 }).toEqual({ ...before, denials: 0 });
    expect(after.denials).toBe(before.denials + (expectDenial ? 1 : 0));
    if (r.ok) throw new Error('not refused');
    return r.error;
  }

  it('refuses an encounter outside the area of responsibility through the engine, with the area rule and clause', async () => {
    const e = await refused(encounter(w, { jurisdiction: 'Some Other County' }), true);
    expect(e.code).toBe('forbidden');
    expect(e.ruleId).toContain('place.outside-area');
    expect(e.citation).toContain('TFM-DEFAULT:area-of-responsibility');
    expect(e.userMessage).toMatch(/area of responsibility/);
  });

  it('refuses ICE recording an encounter outside every TFM area of the agency, and for an agency that does not exist', async () => {
    const before = await counts(w.t.store.db);
    for (const input of [
      { ...encounter(w, { jurisdiction: 'Some Other County' }), agencyId: w.agencyId },
      { ...encounter(w), agencyId: '00000000-0000-4000-8000-000000000000' },
    ]) {
      const r = await recordEncounter(w.t.deps, w.supervisor, input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.ruleId).toBe('place.outside-area');
        expect(r.error.citation).toContain('TFM-DEFAULT:area-of-responsibility');
      }
    }
    const after = await counts(w.t.store.db);
    expect({ ...after, denials: 0 }).toEqual({ ...before, denials: 0 });
  });

  it('refuses an encounter with no basis', async () => {
    for (const over of [{ basis: undefined }, { basis: null }, { basis: '' }, { basis: '  ' }]) {
      const e = await refused(encounter(w, over));
      expect(e.code).toBe('invalid_input');
      expect(e.ruleId).toBe('tfm.basis-required');
      expect(e.userMessage).toMatch(/lawful basis/);
    }
  });

  it('refuses every forbidden basis code with a clear message', async () => {
    for (const basis of [
      'immigration_status',
      'race',
      'ethnicity',
      'national_origin',
      'religion',
      'language',
      'appearance',
    ]) {
      const e = await refused(encounter(w, { basis }));
      expect(e.ruleId, basis).toBe('tfm.forbidden-basis');
      expect(e.userMessage, basis).toMatch(/never a lawful basis/);
    }
  });

  it('refuses a narrative that gives immigration status or a protected characteristic as the reason', async () => {
    for (const basisNarrative of [
      'Stopped the vehicle to check the immigration status of the driver.',
      'Driver looked Hispanic and was suspected to be undocumented.',
      'Subject spoke Spanish and could not answer questions in English.',
      'Stop based on appearance of the occupants near the worksite.',
    ]) {
      const e = await refused(encounter(w, { basisNarrative }));
      expect(e.ruleId, basisNarrative).toBe('tfm.forbidden-basis');
      expect(e.userMessage, basisNarrative).toMatch(/never a lawful basis/);
    }
  });

  it('refuses an unknown basis, a thin narrative, a bad person and a time in the future', async () => {
    expect((await refused(encounter(w, { basis: 'hunch' }))).ruleId).toBe('tfm.unknown-basis');
    expect((await refused(encounter(w, { basisNarrative: 'speeding' }))).ruleId).toBe(
      'tfm.basis-narrative-required',
    );
    expect((await refused(encounter(w, {}, { dob: '1990-02-30' }))).userMessage).toMatch(/^person\.dob/);
    expect((await refused(encounter(w, {}, { sex: 'Q' }))).userMessage).toMatch(/^person\.sex/);
    const future = new Date(w.t.clock.now().getTime() + 3_600_000).toISOString();
    expect((await refused(encounter(w, { occurredAt: future }))).userMessage).toMatch(/future/);
    expect((await refused({ ...encounter(w), extra: 1 })).userMessage).toMatch(/extra/);
  });

  it('refuses a JEM officer (no field authority) through the engine', async () => {
    const before = await counts(w.t.store.db);
    const r = await recordEncounter(w.t.deps, w.officer, encounter(w));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('forbidden');
    expect((await counts(w.t.store.db)).cases).toBe(before.cases);
  });

  it('writes the encounter when all is well: case, subject, timeline, audit', async () => {
    const before = await counts(w.t.store.db);
    const r = await recordEncounter(w.t.deps, w.tfm, encounter(w));
    expect(r.ok).toBe(true);
    const after = await counts(w.t.store.db);
    expect(after.cases).toBe(before.cases + 1);
    expect(after.subjects).toBe(before.subjects + 1);
    expect(after.caseEvents).toBe(before.caseEvents + 1);
    expect(after.bookings).toBe(before.bookings);
  });
});
