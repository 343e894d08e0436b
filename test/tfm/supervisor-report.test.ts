/**
 * The TFM supervisor report: per arresting officer, the warrantless arrests of a period and the
 * 8 CFR 287.3(a) examining-officer exceptions with their reasons; agency staff see only their own
 * agency; bad periods are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordExamination } from '../../src/app/casework/tfm/record-examination.ts';
import { tfmSupervisorReport } from '../../src/app/casework/tfm/supervisor-report.ts';
import { authorizedOfficer } from '../casework/flow.ts';
import { value } from '../casework/support.ts';
import { backends } from '../support/db.ts';
import { arrestedAndRemovable, type TfmWorld, tfmWorld } from './support.ts';

const EXCEPTION = 'Single-officer night shift; the nearest qualified officer was three hours away.';

describe.each(backends())('TFM supervisor report on %s', (backend) => {
  let w: TfmWorld;
  beforeAll(async () => {
    w = await tfmWorld(backend);
    const second = await authorizedOfficer(w, {
      email: 'tfm-two@example.test',
      model: 'TFM',
      moaId: w.moaId,
    });
    // Sam Whitlock: two arrests, one examined by the second TFM officer, one under the exception.
    const a = await arrestedAndRemovable(w);
    value(await recordExamination(w.t.deps, second, a, { exception: null }));
    const b = await arrestedAndRemovable(w);
    value(await recordExamination(w.t.deps, w.tfm, b, { exception: EXCEPTION }));
    // The second officer: one arrest, not examined yet.
    await arrestedAndRemovable(w, second);
  });
  afterAll(async () => {
    await w?.t.close();
  });

  it('lists warrantless arrests and examining-officer exceptions per officer', async () => {
    const r = value(
      await tfmSupervisorReport(w.t.deps, w.supervisor, { from: '2026-11-01', to: '2026-11-30' }),
    );
    expect(r.totals).toEqual({ warrantlessArrests: 3, examinerExceptions: 1, pendingExaminations: 1 });
    const sam = r.officers.find((o) => o.userId === w.tfm.id)!;
    expect(sam.name).toBe('Sam Whitlock (demo)');
    expect(sam.warrantlessArrests).toBe(2);
    expect(sam.examinerExceptions).toBe(1);
    expect(sam.arrests.find((a) => a.examination === 'exception')?.exceptionReason).toBe(EXCEPTION);
    expect(sam.arrests.find((a) => a.examination === 'other_officer')?.examinedBy).toBe(
      'TFM officer (synthetic)',
    );
    const other = r.officers.find((o) => o.userId !== w.tfm.id)!;
    expect(other.warrantlessArrests).toBe(1);
    expect(other.pendingExaminations).toBe(1);
    expect(other.examinerExceptions).toBe(0);
    // Officers with an exception come first.
    expect(r.officers[0]!.userId).toBe(w.tfm.id);
  });

  it('covers only the period asked for', async () => {
    const r = value(
      await tfmSupervisorReport(w.t.deps, w.supervisor, { from: '2026-10-01', to: '2026-10-31' }),
    );
    expect(r.officers).toEqual([]);
    expect(r.totals.warrantlessArrests).toBe(0);
  });

  it('gives agency staff their own agency only, and refuses another', async () => {
    const own = value(
      await tfmSupervisorReport(w.t.deps, w.coordinator, { from: '2026-11-01', to: '2026-11-30' }),
    );
    expect(own.agencyId).toBe(w.agencyId);
    expect(own.totals.warrantlessArrests).toBe(3);
    const other = await tfmSupervisorReport(w.t.deps, w.coordinator, {
      from: '2026-11-01',
      to: '2026-11-30',
      agencyId: '00000000-0000-4000-8000-000000000000',
    });
    expect(other.ok).toBe(false);
  });

  it('refuses an auditor, and a bad period', async () => {
    const auditor = await tfmSupervisorReport(w.t.deps, w.auditor, { from: '2026-11-01', to: '2026-11-30' });
    expect(auditor.ok).toBe(false);
    for (const q of [
      { from: '2026-11-31', to: '2026-12-01' },
      { from: '2026-12-01', to: '2026-11-01' },
      { from: '2025-01-01', to: '2026-11-30' },
    ]) {
      const r = await tfmSupervisorReport(w.t.deps, w.supervisor, q);
      expect(r.ok, JSON.stringify(q)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('invalid_input');
    }
  });
});
