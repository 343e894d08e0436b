import { describe, expect, it } from 'vitest';
import { buildIaq } from '../../../src/domain/nlets-iaq.ts';
import { generatePopulation, type SyntheticPerson } from '../../../src/integrations/systems/population.ts';
import {
  type LescRequest,
  parseSystemOutcome,
  SYSTEM_NAMES,
  type SystemName,
  type SystemRequest,
  systemPorts,
} from '../../../src/integrations/systems/ports.ts';
import { createSimulator, noDelay } from '../../../src/integrations/systems/simulator.ts';

const population = generatePopulation({ seed: 5, size: 2000 });
const persons = population.persons;
const simulator = (options: Partial<Parameters<typeof createSimulator>[0]> = {}) =>
  createSimulator({ seed: 5, population, delay: noDelay, ...options });

const first = (pred: (p: SyntheticPerson) => boolean): SyntheticPerson => {
  const p = persons.find(pred);
  if (!p) throw new Error('no such person in the test population');
  return p;
};

function iaqFor(
  p: { lastName: string; firstName: string; dob: string; sex: string },
  aNumber: string | null = null,
): LescRequest {
  const r = buildIaq({
    ori: 'NC0920000',
    purpose: 'C',
    attention: 'OFC R VANCE',
    phone: '9195550142',
    name: { last: p.lastName, first: p.firstName.slice(0, 1) },
    dob: p.dob,
    sex: p.sex,
    placeOfBirth: 'MM',
    inCustody: true,
    offense: '0399',
    aNumber,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.iaq;
}

/** One request per system for a person. */
function requestsFor(p: SyntheticPerson): { [S in SystemName]: SystemRequest<S> } {
  return {
    IDENT: { fingerprintId: p.fingerprintId },
    EID: { lastName: p.lastName, firstName: p.firstName, dob: p.dob },
    NCIC: { lastName: p.lastName, firstName: p.firstName, dob: p.dob },
    LESC: iaqFor(p),
    CLAIMS: { aNumber: p.aNumber ?? '99999999' },
  };
}

describe('simulator: unhappy paths', () => {
  it('answers no match for a person none of the systems knows', async () => {
    const ports = systemPorts(simulator());
    const stranger = { lastName: 'Qqxyzzy', firstName: 'Nobody', dob: '1970-01-01' };
    expect((await ports.identByFingerprint('FP0000000000')).kind).toBe('no_match');
    expect((await ports.eidLookup({ aNumber: '123456789' })).kind).toBe('no_match');
    expect((await ports.eidLookup(stranger)).kind).toBe('no_match');
    expect((await ports.criminalHistory(stranger)).kind).toBe('no_match');
    expect((await ports.claimsLookup('123456789')).kind).toBe('no_match');
    const iar = await ports.iaq(iaqFor({ ...stranger, sex: 'M' }));
    expect(iar.kind === 'answered' && iar.answer.status).toBe('no_record');
    expect(iar.kind === 'answered' && iar.answer.summary).toMatch(/not evidence/);
  });

  it('a citizen by birth is unknown to IDENT, EID, CLAIMS and LESC', async () => {
    const c = first((p) => p.status === 'citizen_by_birth');
    const ports = systemPorts(simulator());
    expect((await ports.identByFingerprint(c.fingerprintId)).kind).toBe('no_match');
    expect((await ports.eidLookup({ lastName: c.lastName, firstName: c.firstName, dob: c.dob })).kind).toBe(
      'no_match',
    );
    const iar = await ports.iaq(iaqFor(c));
    expect(iar.kind === 'answered' && iar.answer.status).toBe('no_record');
  });

  it('refuses an invalid request as a failure that a retry cannot fix', async () => {
    const sim = simulator();
    const bad = { aNumber: 'A12' } as SystemRequest<'EID'>;
    const r = await sim.query('EID', bad);
    expect(r).toMatchObject({ kind: 'failed', retryable: false });
    expect(r.kind === 'failed' && r.reason).toMatch(/EID refused the request: aNumber/);
    const extra = { fingerprintId: 'FP1', nationality: 'MX' } as SystemRequest<'IDENT'>;
    expect((await sim.query('IDENT', extra)).kind).toBe('failed');
    expect((await sim.query('EID', {} as SystemRequest<'EID'>)).kind).toBe('failed');
  });

  it('fails at the configured rate over 2,000 calls, deterministically', async () => {
    const sim = simulator({ failureRate: 0.2 });
    const outcomes = await Promise.all(
      Array.from({ length: 2000 }, (_, i) =>
        sim.query('IDENT', { fingerprintId: `FP${String(i).padStart(10, '0')}` }),
      ),
    );
    const failed = outcomes.filter((o) => o.kind === 'failed');
    expect(failed.length / 2000).toBeGreaterThan(0.17);
    expect(failed.length / 2000).toBeLessThan(0.23);
    for (const f of failed) expect(f.kind === 'failed' && f.retryable).toBe(true);
    const again = await sim.query('IDENT', { fingerprintId: 'FP0000000000' });
    expect(again).toEqual(outcomes[0]);
  });

  it('a retry after a deterministic failure can succeed', async () => {
    const sim = simulator({ failureRate: 0.5 });
    const p = first((x) => x.fin !== null);
    const request = { fingerprintId: p.fingerprintId };
    let attempt = 1;
    let outcome = await sim.query('IDENT', request, { attempt });
    const history = [outcome.kind];
    while (outcome.kind === 'failed' && attempt < 20) {
      attempt += 1;
      outcome = await sim.query('IDENT', request, { attempt });
      history.push(outcome.kind);
    }
    expect(outcome.kind).toBe('answered');
    // The same attempt number fails or succeeds the same way every time.
    expect((await sim.query('IDENT', request, { attempt: 1 })).kind).toBe(history[0]);
    // Over many requests both happen: some first attempts fail and their retries succeed.
    let recovered = 0;
    for (const x of persons.slice(0, 200).filter((y) => y.fin)) {
      const r = { fingerprintId: x.fingerprintId };
      if (
        (await sim.query('IDENT', r, { attempt: 1 })).kind === 'failed' &&
        (await sim.query('IDENT', r, { attempt: 2 })).kind === 'answered'
      )
        recovered += 1;
    }
    expect(recovered).toBeGreaterThan(0);
  });

  it('refuses nothing at rate 0 and everything retryable at rate 1', async () => {
    const p = first((x) => x.fin !== null);
    expect(
      (await simulator({ failureRate: 0 }).query('IDENT', { fingerprintId: p.fingerprintId })).kind,
    ).toBe('answered');
    const all = simulator({ failureRate: { IDENT: 1 } });
    expect((await all.query('IDENT', { fingerprintId: p.fingerprintId })).kind).toBe('failed');
    expect((await all.query('NCIC', { lastName: 'X', firstName: 'Y', dob: '1980-01-01' })).kind).toBe(
      'no_match',
    );
  });
});

describe('simulator: determinism and latency', () => {
  const sample = persons.filter((_, i) => i % 40 === 0);

  it('two simulators with the same seed answer identically; another seed differs', async () => {
    const a = simulator({ failureRate: 0.1 });
    const b = createSimulator({
      seed: 5,
      delay: noDelay,
      failureRate: 0.1,
      population: generatePopulation({ seed: 5, size: 2000 }),
    });
    const c = createSimulator({
      seed: 6,
      delay: noDelay,
      failureRate: 0.1,
      population: generatePopulation({ seed: 6, size: 2000 }),
    });
    const run = async (sim: typeof a) =>
      JSON.stringify(
        await Promise.all(
          sample.flatMap((p) => SYSTEM_NAMES.map((s) => sim.query(s, requestsFor(p)[s] as never))),
        ),
      );
    const [ra, rb, rc] = await Promise.all([run(a), run(b), run(c)]);
    expect(ra).toBe(rb);
    expect(rc).not.toBe(ra);
  });

  it('waits the reported latency through the injected delay, and never sleeps', async () => {
    const waited: number[] = [];
    const sim = simulator({
      delay: async (ms) => void waited.push(ms),
      latency: { kind: 'uniform', minMs: 100, maxMs: 200 },
    });
    const outcomes = await Promise.all(sample.map((p) => sim.query('NCIC', requestsFor(p).NCIC)));
    expect(waited).toEqual(outcomes.map((o) => o.latencyMs));
    for (const ms of waited) expect(ms >= 100 && ms <= 200).toBe(true);
    const fixed = simulator({ latency: { LESC: { kind: 'fixed', ms: 4321 } } });
    expect((await fixed.query('LESC', requestsFor(sample[0] as SyntheticPerson).LESC)).latencyMs).toBe(4321);
  });

  it('every outcome is JSON that the stored-row schema accepts', async () => {
    const sim = simulator({ failureRate: 0.1 });
    for (const p of sample)
      for (const s of SYSTEM_NAMES) {
        const outcome = await sim.query(s, requestsFor(p)[s] as never);
        const parsed = parseSystemOutcome(s, JSON.parse(JSON.stringify(outcome)));
        expect(parsed.ok, parsed.ok ? '' : parsed.problems).toBe(true);
      }
  });
});

describe('simulator: answers consistent with status', () => {
  it('IAR status follows the person', async () => {
    const ports = systemPorts(simulator());
    const expected = {
      naturalised_citizen: 'us_citizen_naturalised',
      permanent_resident: 'lawful_permanent_resident',
      visa_holder: 'visa_holder',
      prior_removal: 'removable_final_order',
      pending_proceedings: 'in_proceedings',
    } as const;
    for (const [status, iarStatus] of Object.entries(expected)) {
      const p = first((x) => x.status === status);
      const byName = await ports.iaq(iaqFor(p));
      expect(byName.kind === 'answered' && byName.answer.status, status).toBe(iarStatus);
    }
    const unseen = first((x) => x.status === 'no_status' && !x.fin && !x.aNumber);
    const r = await ports.iaq(iaqFor(unseen));
    expect(r.kind === 'answered' && r.answer.status).toBe('no_record');
    const seen = first((x) => x.status === 'no_status' && x.aNumber !== null);
    const s = await ports.iaq(iaqFor(seen, seen.aNumber));
    expect(s.kind === 'answered' && s.answer.status).toBe('no_lawful_status');
  });

  it('EID shows a final order and removal for a prior removal, and pending proceedings', async () => {
    const ports = systemPorts(simulator());
    const removed = first(
      (x) => x.status === 'prior_removal' && x.orders.some((o) => o.kind === 'final_order_of_removal'),
    );
    const r = await ports.eidLookup({ aNumber: removed.aNumber ?? '' });
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.answer.orders[0]?.kind).toBe('final_order_of_removal');
    expect(r.answer.removals.length).toBe(1);
    const pending = first((x) => x.status === 'pending_proceedings');
    const q = await ports.eidLookup({ fin: pending.fin ?? '' });
    expect(q.kind === 'answered' && q.answer.proceedingsPending).toBe(true);
  });

  it('NCIC returns the criminal history by FBI number or by name and date of birth', async () => {
    const ports = systemPorts(simulator());
    const p = first((x) => x.convictions.length > 1);
    const byName = await ports.criminalHistory({
      lastName: p.lastName.toUpperCase(),
      firstName: p.firstName,
      dob: p.dob,
    });
    expect(byName.kind === 'answered' && byName.answer.convictions).toEqual(p.convictions);
    const byFbi = await ports.criminalHistory({
      fbiNumber: p.fbiNumber ?? '',
      lastName: 'Other',
      firstName: 'Name',
      dob: '1900-01-01',
    });
    expect(byFbi.kind === 'answered' && byFbi.answer.fbiNumber).toBe(p.fbiNumber);
    const clean = first((x) => x.fbiNumber === null);
    expect(
      (await ports.criminalHistory({ lastName: clean.lastName, firstName: clean.firstName, dob: clean.dob }))
        .kind,
    ).toBe('no_match');
  });

  it('CLAIMS lists benefits for a naturalised citizen; answers are copies, not the population itself', async () => {
    const ports = systemPorts(simulator());
    const p = first((x) => x.status === 'naturalised_citizen');
    const r = await ports.claimsLookup(p.aNumber ?? '');
    expect(r.kind).toBe('answered');
    if (r.kind !== 'answered') return;
    expect(r.answer.currentStatus).toBe('naturalised citizen');
    expect(r.answer.benefits.map((b) => b.form)).toContain('N-400');
    r.answer.benefits.length = 0;
    expect(p.benefits.length).toBeGreaterThan(0);
  });
});
