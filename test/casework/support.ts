/**
 * A JEM world for casework tests: the demo seed (an agency with facilities MAIN and ANNEX under
 * a JEM agreement, the officer account linked to an authorized JEM officer, the ICE supervisor
 * a warrant issuer), actors for each demo account, and a synthetic booking maker.
 */
import { seedDemo } from '../../src/app/demo/seed-demo.ts';
import type { Actor, Role } from '../../src/domain/actor.ts';
import { operator } from '../../src/domain/actor.ts';
import type { Result } from '../../src/domain/result.ts';
import type { Backend, TestDb } from '../support/db.ts';
import { freshDb } from '../support/db.ts';

export const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.userMessage} [${r.error.ruleId ?? ''}]`);
  return r.value;
};

export interface JemWorld {
  t: TestDb;
  agencyId: string;
  officer: Actor;
  coordinator: Actor;
  supervisor: Actor;
  program: Actor;
  inspector: Actor;
  auditor: Actor;
}

export async function jemWorld(backend: Backend, now = '2026-11-29T12:00:00Z'): Promise<JemWorld> {
  const t = await freshDb(backend, now);
  value(await seedDemo(t.deps, operator('test')));
  const users = await t.store.db
    .selectFrom('users')
    .select(['user_id', 'email', 'role', 'agency_id'])
    .execute();
  const actorFor = (email: string): Actor => {
    const u = users.find((x) => x.email === email)!;
    return { kind: 'user', id: u.user_id, role: u.role as Role, agencyId: u.agency_id };
  };
  const officer = actorFor('officer@demo.delegate.test');
  return {
    t,
    agencyId: officer.agencyId!,
    officer,
    coordinator: actorFor('coordinator@demo.delegate.test'),
    supervisor: actorFor('supervisor@demo.delegate.test'),
    program: actorFor('program@demo.delegate.test'),
    inspector: actorFor('inspector@demo.delegate.test'),
    auditor: actorFor('auditor@demo.delegate.test'),
  };
}

let counter = 0;

/**
 * A distinct surname stem for each n, with no long prefix shared between neighbours, so that
 * every booking is a different subject (digits are stripped by name matching).
 */
const spell = (n: number) =>
  [...((n * 2654435761) % 4294967296).toString(26)]
    .map((d) => String.fromCharCode(97 + Number.parseInt(d, 26)))
    .join('');

/** A synthetic booking at MAIN, a new subject each time; override any part. */
export function booking(over: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  counter++;
  return {
    bookingNumber: `B-${String(counter).padStart(6, '0')}`,
    facilityCode: 'MAIN',
    bookedAt: '2026-11-29T08:00:00Z',
    person: {
      firstName: 'Tobias',
      lastName: `Q${spell(counter)}`,
      dob: `${1950 + (counter % 50)}-05-17`,
      sex: 'M',
      placeOfBirth: 'MM',
      nationality: 'MX',
      fingerprintId: `FP-${counter}`,
      ...person,
    },
    charges: [{ ncic: '1313', description: 'Simple assault', level: 'misdemeanor' }],
    expectedReleaseAt: '2026-12-02T08:00:00Z',
    ...over,
  };
}

/** An interview with an interpreter, a non-mandatory-list national who declines consular notification. */
export const INTERVIEW = {
  primaryLanguage: 'Spanish',
  englishProficiency: 'limited',
  interpreter: { name: 'Certified interpreter 4411', method: 'telephone' },
  advisals: ['purpose_of_interview', 'right_to_remain_silent', 'consular_access'],
  nationality: 'MX',
  consularChoice: 'declined',
  citizenshipClaim: false,
  citizenshipIndicia: null,
  swornStatement: null,
  notes: '',
};
