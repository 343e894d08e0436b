/** The TFM field safeguards as pure checks: basis, "likely to escape", examination, 287.3(c) advisals. */
import { describe, expect, it } from 'vitest';
import { FORBIDDEN_STOP_BASES, STOP_BASES } from './jem-case.ts';
import {
  checkArrestAdvisals,
  checkArrestCompleted,
  checkExamination,
  checkLikelyToEscape,
  checkStopBasis,
  forbiddenReasonIn,
} from './tfm.ts';

const NARRATIVE = 'Vehicle travelling 71 mph in a posted 45 mph zone; no valid licence.';
const ESCAPE = 'No fixed address, stated intent to leave the state tonight, two prior failures to appear.';

describe('checkStopBasis', () => {
  it('requires a basis', () => {
    for (const b of [undefined, null, '', '   '])
      expect(checkStopBasis(b, NARRATIVE)?.ruleId).toBe('tfm.basis-required');
  });
  it('refuses every forbidden code, naming it', () => {
    for (const b of FORBIDDEN_STOP_BASES) {
      const r = checkStopBasis(b, NARRATIVE);
      expect(r?.ruleId).toBe('tfm.forbidden-basis');
      expect(r?.message).toMatch(/never a lawful basis/);
    }
  });
  it('refuses an unknown code and a thin narrative', () => {
    expect(checkStopBasis('hunch', NARRATIVE)?.ruleId).toBe('tfm.unknown-basis');
    expect(checkStopBasis('traffic_violation', 'speeding')?.ruleId).toBe('tfm.basis-narrative-required');
  });
  it('refuses narratives that name immigration status or a protected characteristic', () => {
    for (const n of [
      'Stopped to verify the immigration status of the passengers.',
      'The driver appeared to be an immigrant and had no papers.',
      'Occupants were Hispanic-looking and near the border.',
      'Stop because of their race and the neighbourhood.',
      'Subject spoke Spanish only and seemed nervous.',
      'Passenger was wearing a hijab and avoided eye contact.',
      'Suspected illegal alien walking along the highway.',
    ])
      expect(checkStopBasis('reasonable_suspicion_criminal_activity', n)?.ruleId, n).toBe(
        'tfm.forbidden-basis',
      );
  });
  it('accepts every accepted code with a factual narrative, including words that only look close', () => {
    for (const b of STOP_BASES) expect(checkStopBasis(b, NARRATIVE)).toBeNull();
    expect(
      checkStopBasis('observed_criminal_offense', 'Observed an illegal street race on Main Street at 2 am.'),
    ).toBeNull();
    expect(forbiddenReasonIn('Driver used abusive language toward the officer.')).toBeNull();
  });
});

describe('checkLikelyToEscape', () => {
  it('requires substantive facts', () => {
    for (const j of [undefined, null, '', 'flight risk', 'x'.repeat(80), 'he might run away soon'])
      expect(checkLikelyToEscape(j)?.ruleId, String(j)).toBe('tfm.likely-to-escape-required');
    expect(checkLikelyToEscape(ESCAPE)).toBeNull();
  });
  it('refuses a forbidden reason dressed as a justification', () => {
    expect(checkLikelyToEscape(`${ESCAPE} Also undocumented.`)?.ruleId).toBe('tfm.forbidden-basis');
  });
  it('cites INA 287(a)(2)', () => {
    expect(checkLikelyToEscape('')?.citation).toMatch(/INA §287\(a\)\(2\)/);
  });
});

describe('checkExamination', () => {
  it('needs an arrest', () => {
    expect(checkExamination({ arrestedBy: null, examinerId: 'b', exception: null })?.ruleId).toBe(
      'tfm.examination-needs-arrest',
    );
  });
  it('accepts a different officer, and refuses an exception they do not need', () => {
    expect(checkExamination({ arrestedBy: 'a', examinerId: 'b', exception: null })).toBeNull();
    expect(
      checkExamination({ arrestedBy: 'a', examinerId: 'b', exception: 'a long enough reason here' })?.ruleId,
    ).toBe('tfm.exception-not-applicable');
  });
  it('refuses the arresting officer without the exception, or with a thin reason', () => {
    const r = checkExamination({ arrestedBy: 'a', examinerId: 'a', exception: null });
    expect(r?.ruleId).toBe('tfm.examiner-is-arresting-officer');
    expect(r?.citation).toBe('8 CFR 287.3(a)');
    expect(checkExamination({ arrestedBy: 'a', examinerId: 'a', exception: 'none' })?.ruleId).toBe(
      'tfm.exception-reason-required',
    );
    expect(
      checkExamination({
        arrestedBy: 'a',
        examinerId: 'a',
        exception: 'No other qualified officer within three hours.',
      }),
    ).toBeNull();
  });
});

describe('287.3(c) advisals', () => {
  it('needs all three', () => {
    const all = { reasonsForArrest: true, rightToCounsel: true, legalServicesList: true };
    expect(checkArrestAdvisals(all)).toBeNull();
    const r = checkArrestAdvisals({ ...all, rightToCounsel: false, legalServicesList: false });
    expect(r?.message).toMatch(/counsel at no expense.*free legal services/);
    expect(r?.citation).toBe('8 CFR 287.3(c)');
  });
  it('are recorded before the charging document is finalised and before the I-213', () => {
    const arrest = { at: '2026-11-29T10:00:00Z', by: 'a', likelyToEscape: ESCAPE };
    const examination = { at: '2026-11-29T10:30:00Z', by: 'b', exception: null };
    const advisals = { at: '2026-11-29T10:40:00Z', by: 'a', language: 'Spanish' };
    expect(checkArrestCompleted({}, 'charging')).toBeNull();
    expect(checkArrestCompleted({ warrantlessArrest: arrest }, 'i213')?.ruleId).toBe(
      'tfm.i213-needs-examination',
    );
    expect(checkArrestCompleted({ warrantlessArrest: arrest, examination }, 'i213')?.ruleId).toBe(
      'tfm.i213-needs-advisals',
    );
    expect(checkArrestCompleted({ warrantlessArrest: arrest }, 'charging')?.ruleId).toBe(
      'tfm.charging-needs-advisals',
    );
    expect(
      checkArrestCompleted({ warrantlessArrest: arrest, examination, arrestAdvisals: advisals }, 'charging'),
    ).toBeNull();
    expect(
      checkArrestCompleted({ warrantlessArrest: arrest, examination, arrestAdvisals: advisals }, 'i213'),
    ).toBeNull();
  });
});
