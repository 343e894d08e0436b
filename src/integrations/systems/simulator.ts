/**
 * The reference simulator of the outside systems: implements `OutsideSystems` by answering from
 * the seeded synthetic population, for the demo, tests and load runs. Deterministic: the answer,
 * the latency and whether the call fails are fixed by (seed, system, request, attempt), so two
 * simulators with the same seed answer identically and a retry is an independent draw that can
 * succeed. Latency is returned as `latencyMs` and waited through the injected `delay` (tests
 * pass `noDelay`). It models what each system knows: a citizen by birth is unknown to IDENT, EID
 * and CLAIMS; LESC answers `no_record` for a person it cannot find, which is not evidence of
 * status (ICE Policy 10074.2).
 */

import { generatePopulation, type Population, type SyntheticPerson } from './population.ts';
import {
  type EidAnswer,
  type EidRequest,
  type IarStatus,
  type IdentRequest,
  type LescAnswer,
  type LescRequest,
  type NcicRequest,
  type OutsideSystems,
  type QueryContext,
  SYSTEM_SCHEMAS,
  type SystemName,
  type SystemOutcome,
  type SystemRequest,
} from './ports.ts';
import { hashUnit } from './random.ts';

export type Delay = (ms: number) => Promise<void>;

/** For tests: answers at once, whatever the latency says. */
export const noDelay: Delay = async () => {};

/** For the demo: waits the latency out. */
export const timerDelay: Delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export type LatencyDistribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  /** Log-normal: `medianMs` and the standard deviation `sigma` of the log. */
  | { kind: 'lognormal'; medianMs: number; sigma: number };

type PerSystem<T> = T | Partial<Record<SystemName, T>>;

export interface SimulatorOptions {
  seed: number;
  /** A population to answer from; generated from `seed` (default size) when absent. */
  population?: Population;
  latency?: PerSystem<LatencyDistribution>;
  /** Share of calls, 0 to 1, that fail with a retryable error; 0 when absent. */
  failureRate?: PerSystem<number>;
  delay: Delay;
}

export const DEFAULT_LATENCY: Readonly<Record<SystemName, LatencyDistribution>> = {
  IDENT: { kind: 'lognormal', medianMs: 1500, sigma: 0.5 },
  EID: { kind: 'lognormal', medianMs: 900, sigma: 0.5 },
  NCIC: { kind: 'lognormal', medianMs: 1200, sigma: 0.5 },
  LESC: { kind: 'lognormal', medianMs: 6000, sigma: 0.8 },
  CLAIMS: { kind: 'lognormal', medianMs: 700, sigma: 0.5 },
};

export interface Simulator extends OutsideSystems {
  readonly population: Population;
}

const isPerSystem = <T>(
  v: PerSystem<T>,
  probe: (v: unknown) => boolean,
): v is Partial<Record<SystemName, T>> => typeof v === 'object' && v !== null && !probe(v);

function sampleLatency(d: LatencyDistribution, u1: number, u2: number): number {
  switch (d.kind) {
    case 'fixed':
      return Math.max(0, Math.round(d.ms));
    case 'uniform':
      return Math.max(0, Math.round(d.minMs + u1 * (d.maxMs - d.minMs)));
    case 'lognormal': {
      // Box–Muller: a standard normal from two uniforms.
      const z = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
      return Math.max(0, Math.round(d.medianMs * Math.exp(d.sigma * z)));
    }
  }
}

/** Upper-case letters only, accents removed: how the simulated indices compare names. */
const nameKey = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');

const firstNameMatches = (query: string, person: SyntheticPerson): boolean => {
  const q = nameKey(query);
  const p = nameKey(person.firstName);
  return q === p || (q.length === 1 && p.startsWith(q));
};

class Index {
  private readonly byFingerprint = new Map<string, SyntheticPerson>();
  private readonly byFin = new Map<string, SyntheticPerson>();
  private readonly byANumber = new Map<string, SyntheticPerson>();
  private readonly byFbi = new Map<string, SyntheticPerson>();
  private readonly byLastDob = new Map<string, SyntheticPerson[]>();

  constructor(persons: readonly SyntheticPerson[]) {
    for (const p of persons) {
      this.byFingerprint.set(p.fingerprintId, p);
      if (p.fin) this.byFin.set(p.fin, p);
      if (p.aNumber) this.byANumber.set(p.aNumber, p);
      if (p.fbiNumber) this.byFbi.set(p.fbiNumber, p);
      const key = `${nameKey(p.lastName)}|${p.dob}`;
      this.byLastDob.set(key, [...(this.byLastDob.get(key) ?? []), p]);
    }
  }

  fingerprint = (id: string) => this.byFingerprint.get(id) ?? null;
  fin = (id: string | null | undefined) => (id ? (this.byFin.get(id) ?? null) : null);
  aNumber = (id: string | null | undefined) => (id ? (this.byANumber.get(id) ?? null) : null);
  fbi = (id: string | null | undefined) => (id ? (this.byFbi.get(id) ?? null) : null);

  /** Exact last name and date of birth; first name exact or, when one letter, its initial. */
  name(last: string | undefined, first: string | undefined, dob: string | undefined): SyntheticPerson | null {
    if (!last || !first || !dob) return null;
    const candidates = this.byLastDob.get(`${nameKey(last)}|${dob}`) ?? [];
    return candidates.find((p) => firstNameMatches(first, p)) ?? null;
  }
}

type Lookup<S extends SystemName> =
  | { kind: 'answered'; answer: Extract<SystemOutcome<S>, { kind: 'answered' }>['answer'] }
  | { kind: 'no_match' };

const IAR_STATUS_OF: Readonly<Record<SyntheticPerson['status'], IarStatus>> = {
  citizen_by_birth: 'no_record',
  naturalised_citizen: 'us_citizen_naturalised',
  permanent_resident: 'lawful_permanent_resident',
  visa_holder: 'visa_holder',
  no_status: 'no_lawful_status',
  prior_removal: 'removable_final_order',
  pending_proceedings: 'in_proceedings',
};

const NO_RECORD_SUMMARY =
  'No record located in the indices searched. A no-record response is not evidence of immigration status or of unlawful presence.';

function iar(p: SyntheticPerson | null): LescAnswer {
  // LESC knows a person only through a DHS record; without one it cannot say anything.
  if (!p || (!p.fin && !p.aNumber)) return { status: 'no_record', aNumber: null, summary: NO_RECORD_SUMMARY };
  const status = IAR_STATUS_OF[p.status];
  const a = p.aNumber ? `A-number ${p.aNumber}` : `FIN ${p.fin}`;
  const order = p.orders.at(-1);
  const removal = p.removals.at(-1);
  const approved = (form: string) =>
    p.benefits.find((b) => b.form === form && b.status === 'approved')?.decidedOn;
  const summaries: Record<IarStatus, string> = {
    no_record: NO_RECORD_SUMMARY,
    us_citizen_naturalised: `Record ${a}: naturalised United States citizen (N-400 approved ${approved('N-400') ?? 'date not recorded'}). Not subject to removal.`,
    lawful_permanent_resident: `Record ${a}: lawful permanent resident since ${approved('I-485') ?? 'date not recorded'}. Removability depends on the criminal record; refer to ICE for review.`,
    visa_holder: `Record ${a}: nonimmigrant admitted ${p.biometricEncounters.find((e) => e.kind === 'admission')?.date ?? 'date not recorded'}; status to be verified against the terms of admission.`,
    no_lawful_status: `Record ${a}: no record of lawful status located. Refer to ICE for review.`,
    removable_final_order: `Record ${a}: ${order ? `${order.kind.replaceAll('_', ' ')} ${order.date}` : 'order'}${removal ? `; removed ${removal.date} via ${removal.port}` : ''}. Possible reentry after removal; refer to ICE.`,
    in_proceedings: `Record ${a}: in removal proceedings before the immigration court (Notice to Appear ${p.eidEncounters.find((e) => e.kind === 'notice_to_appear')?.date ?? 'date not recorded'}).`,
  };
  return { status, aNumber: p.aNumber, summary: summaries[status] };
}

function currentStatusText(p: SyntheticPerson): string {
  switch (p.status) {
    case 'naturalised_citizen':
      return 'naturalised citizen';
    case 'permanent_resident':
      return 'lawful permanent resident';
    case 'visa_holder':
      return 'nonimmigrant';
    case 'pending_proceedings':
      return p.benefits.some((b) => b.form === 'I-589') ? 'asylum application pending' : 'no benefit granted';
    default:
      return 'no benefit granted';
  }
}

function lookups(index: Index) {
  const ident = (r: IdentRequest): Lookup<'IDENT'> => {
    const p = index.fingerprint(r.fingerprintId);
    return p?.fin
      ? { kind: 'answered', answer: { fin: p.fin, encounters: p.biometricEncounters } }
      : { kind: 'no_match' };
  };
  const eid = (r: EidRequest): Lookup<'EID'> => {
    const p = index.aNumber(r.aNumber) ?? index.fin(r.fin) ?? index.name(r.lastName, r.firstName, r.dob);
    if (!p || (p.eidEncounters.length === 0 && p.orders.length === 0)) return { kind: 'no_match' };
    const answer: EidAnswer = {
      aNumber: p.aNumber,
      fin: p.fin,
      encounters: p.eidEncounters,
      orders: p.orders,
      removals: p.removals,
      proceedingsPending: p.proceedingsPending,
    };
    return { kind: 'answered', answer };
  };
  const ncic = (r: NcicRequest): Lookup<'NCIC'> => {
    const p = index.fbi(r.fbiNumber) ?? index.name(r.lastName, r.firstName, r.dob);
    if (!p?.fbiNumber) return { kind: 'no_match' };
    return {
      kind: 'answered',
      answer: {
        fbiNumber: p.fbiNumber,
        convictions: p.convictions,
        pendingCharges: p.pendingCharges,
        wantedPersons: p.wanted,
      },
    };
  };
  const lesc = (r: LescRequest): Lookup<'LESC'> => {
    const [last, rest = ''] = r.name.split(',');
    const first = rest.split(' ')[0];
    const dob = `${r.dob.slice(0, 4)}-${r.dob.slice(4, 6)}-${r.dob.slice(6, 8)}`;
    const p = index.aNumber(r.aNumber) ?? index.fbi(r.fbiNumber) ?? index.name(last, first, dob);
    return { kind: 'answered', answer: iar(p) };
  };
  const claims = (r: { aNumber: string }): Lookup<'CLAIMS'> => {
    const p = index.aNumber(r.aNumber);
    if (!p) return { kind: 'no_match' };
    return {
      kind: 'answered',
      answer: { aNumber: r.aNumber, benefits: p.benefits, currentStatus: currentStatusText(p) },
    };
  };
  return { IDENT: ident, EID: eid, NCIC: ncic, LESC: lesc, CLAIMS: claims };
}

const isLatency = (v: unknown): boolean => typeof v === 'object' && v !== null && 'kind' in v;

export function createSimulator(options: SimulatorOptions): Simulator {
  const { seed, delay } = options;
  const population = options.population ?? generatePopulation({ seed });
  const index = new Index(population.persons);
  const answer = lookups(index);

  const latencyOf = (system: SystemName): LatencyDistribution => {
    const l = options.latency;
    if (l === undefined) return DEFAULT_LATENCY[system];
    if (isPerSystem(l, isLatency)) return l[system] ?? DEFAULT_LATENCY[system];
    return l;
  };
  const failureRateOf = (system: SystemName): number => {
    const f = options.failureRate;
    if (f === undefined) return 0;
    if (typeof f === 'number') return f;
    return f[system] ?? 0;
  };

  async function query<S extends SystemName>(
    system: S,
    request: SystemRequest<S>,
    context: QueryContext = {},
  ): Promise<SystemOutcome<S>> {
    const attempt = context.attempt ?? 1;
    const latencyMs = sampleLatency(
      latencyOf(system),
      hashUnit(seed, system, request, attempt, 'latency-1'),
      hashUnit(seed, system, request, attempt, 'latency-2'),
    );
    await delay(latencyMs);
    const parsed = SYSTEM_SCHEMAS[system].request.safeParse(request);
    if (!parsed.success)
      return {
        kind: 'failed',
        latencyMs,
        reason: `${system} refused the request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`,
        retryable: false,
      };
    if (hashUnit(seed, system, request, attempt, 'failure') < failureRateOf(system)) {
      const timeout = hashUnit(seed, system, request, attempt, 'reason') < 0.5;
      return {
        kind: 'failed',
        latencyMs,
        reason: timeout ? `${system} did not answer in time` : `${system} is unavailable (service busy)`,
        retryable: true,
      };
    }
    const found = (answer[system] as (r: SystemRequest<S>) => Lookup<S>)(parsed.data as SystemRequest<S>);
    return (
      found.kind === 'answered'
        ? { kind: 'answered', latencyMs, answer: structuredClone(found.answer) }
        : { kind: 'no_match', latencyMs }
    ) as SystemOutcome<S>;
  }

  return { population, query };
}
