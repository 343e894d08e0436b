import { describe, expect, it } from 'vitest';
import {
  isSystemName,
  type OutsideSystems,
  parseSystemOutcome,
  parseSystemRequest,
  SYSTEM_NAMES,
  SYSTEM_SCHEMAS,
  systemPorts,
} from '../../../src/integrations/systems/ports.ts';

describe('system schemas', () => {
  it('refuse unknown fields, bad identifiers and unknown NCIC codes', () => {
    expect(parseSystemRequest('IDENT', { fingerprintId: 'FP1', race: 'x' }).ok).toBe(false);
    expect(parseSystemRequest('CLAIMS', { aNumber: 'A123456789' }).ok).toBe(false);
    expect(parseSystemRequest('EID', {}).ok).toBe(false);
    expect(parseSystemRequest('EID', { lastName: 'Dalvora', firstName: 'Mirel' }).ok).toBe(false);
    expect(parseSystemRequest('NCIC', { lastName: 'A', firstName: 'B', dob: '1980-02-30' }).ok).toBe(false);
    const badConviction = {
      kind: 'answered',
      latencyMs: 10,
      answer: {
        fbiNumber: '123456AB1',
        convictions: [{ ncic: '9999', date: '2020-01-01', disposition: 'x', court: 'y' }],
        pendingCharges: [],
        wantedPersons: [],
      },
    };
    const r = parseSystemOutcome('NCIC', badConviction);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toMatch(/answer\.convictions\.0\.ncic/);
  });

  it('refuse an outcome of an unknown kind or a failure without retryable', () => {
    expect(parseSystemOutcome('IDENT', { kind: 'maybe', latencyMs: 1 }).ok).toBe(false);
    expect(parseSystemOutcome('IDENT', { kind: 'failed', latencyMs: 1, reason: 'timeout' }).ok).toBe(false);
    expect(parseSystemOutcome('IDENT', { kind: 'no_match', latencyMs: -1 }).ok).toBe(false);
  });

  it('accept each kind of outcome and the identifier forms', () => {
    expect(parseSystemOutcome('LESC', { kind: 'no_match', latencyMs: 0 }).ok).toBe(true);
    expect(
      parseSystemOutcome('EID', { kind: 'failed', latencyMs: 5, reason: 'timeout', retryable: true }).ok,
    ).toBe(true);
    expect(
      parseSystemOutcome('IDENT', {
        kind: 'answered',
        latencyMs: 5,
        answer: {
          fin: '1234567890',
          encounters: [{ date: '2020-01-01', agency: 'CBP', kind: 'admission', location: 'Laredo, TX' }],
        },
      }).ok,
    ).toBe(true);
    expect(parseSystemRequest('EID', { aNumber: '12345678' }).ok).toBe(true);
    expect(parseSystemRequest('EID', { lastName: 'A', firstName: 'B', dob: '1980-01-01' }).ok).toBe(true);
  });

  it('name the five systems, each with a request, answer and outcome schema', () => {
    expect(SYSTEM_NAMES).toEqual(['IDENT', 'EID', 'NCIC', 'LESC', 'CLAIMS']);
    for (const s of SYSTEM_NAMES)
      expect(Object.keys(SYSTEM_SCHEMAS[s])).toEqual(['request', 'answer', 'outcome']);
    expect(isSystemName('LESC')).toBe(true);
    expect(isSystemName('SEVIS')).toBe(false);
  });
});

describe('systemPorts', () => {
  it('routes each named port to the single dispatch with its request', async () => {
    const calls: unknown[] = [];
    const systems: OutsideSystems = {
      query: async (system, request, context) => {
        calls.push([system, request, context]);
        return { kind: 'no_match', latencyMs: 0 };
      },
    };
    const ports = systemPorts(systems);
    await ports.identByFingerprint('FP1');
    await ports.claimsLookup('123456789', { attempt: 2 });
    await ports.eidLookup({ fin: '1234567890' });
    expect(calls).toEqual([
      ['IDENT', { fingerprintId: 'FP1' }, undefined],
      ['CLAIMS', { aNumber: '123456789' }, { attempt: 2 }],
      ['EID', { fin: '1234567890' }, undefined],
    ]);
  });
});
