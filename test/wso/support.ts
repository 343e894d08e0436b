/**
 * A WSO world for the WSO tests: the demo seed (its WSO agency with WSO-MAIN, no IGSA, and
 * WSO-ANNEX, an IGSA; the demo WSO officer authorized there; warrants the demo ICE supervisor
 * lodged), actors for the WSO accounts, and helpers to book, lodge and release.
 */
import { ingestBooking } from '../../src/app/casework/ingest-booking.ts';
import { recordBookingEvent } from '../../src/app/casework/record-booking-event.ts';
import { lodgeWarrant } from '../../src/app/casework/wso/lodge-warrant.ts';
import { type Actor, operator, type Role } from '../../src/domain/actor.ts';
import { booking, type JemWorld, jemWorld, value } from '../casework/support.ts';
import type { Backend } from '../support/db.ts';

export interface WsoWorld extends JemWorld {
  wsoAgencyId: string;
  wso: Actor;
  wsoCoordinator: Actor;
  wsoOfficerId: string;
  wsoMoaId: string;
}

export async function wsoWorld(backend: Backend, now = '2026-11-29T12:00:00Z'): Promise<WsoWorld> {
  const w = await jemWorld(backend, now);
  const users = await w.t.store.db
    .selectFrom('users')
    .select(['user_id', 'email', 'role', 'agency_id'])
    .execute();
  const actorFor = (email: string): Actor => {
    const u = users.find((x) => x.email === email)!;
    return { kind: 'user', id: u.user_id, role: u.role as Role, agencyId: u.agency_id };
  };
  const wso = actorFor('wso-officer@demo.delegate.test');
  const officer = await w.t.store.db
    .selectFrom('officers')
    .select(['officer_id'])
    .where('user_id', '=', wso.id)
    .executeTakeFirstOrThrow();
  const moa = await w.t.store.db
    .selectFrom('moas')
    .select(['moa_id'])
    .where('agency_id', '=', wso.agencyId!)
    .executeTakeFirstOrThrow();
  return {
    ...w,
    wsoAgencyId: wso.agencyId!,
    wso,
    wsoCoordinator: actorFor('wso-coordinator@demo.delegate.test'),
    wsoOfficerId: officer.officer_id,
    wsoMoaId: moa.moa_id,
  };
}

let n = 0;

/** A booking at a WSO facility (WSO-MAIN unless told), and ICE's warrant lodged on it. */
export async function lodged(
  w: WsoWorld,
  o: { facility?: string; expectedReleaseAt?: string; bookedAt?: string; form?: 'I-200' | 'I-205' } = {},
): Promise<{ caseId: string; bookingNumber: string }> {
  n++;
  const b = value(
    await ingestBooking(
      w.t.deps,
      operator('test'),
      booking(
        {
          bookingNumber: `WT-${String(n).padStart(6, '0')}`,
          facilityCode: o.facility ?? 'WSO-MAIN',
          ...(o.bookedAt ? { bookedAt: o.bookedAt } : {}),
          expectedReleaseAt: o.expectedReleaseAt ?? '2026-12-02T08:00:00Z',
        },
        { lastName: `Wrenfield${n}` },
      ),
      { agencyId: w.wsoAgencyId },
    ),
  );
  const l = value(
    await lodgeWarrant(w.t.deps, w.supervisor, {
      agencyId: w.wsoAgencyId,
      bookingNumber: b.bookingNumber,
      form: o.form ?? 'I-200',
      number: `WT-W-${String(n).padStart(5, '0')}`,
      ...(o.form === 'I-205'
        ? { finalOrder: { date: '2025-06-01', by: 'Immigration Judge, synthetic' } }
        : {}),
    }),
  );
  return { caseId: l.caseId, bookingNumber: b.bookingNumber };
}

/** The jail's event on a WSO booking, sent by the WSO agency's coordinator. */
export async function jailEvent(w: WsoWorld, bookingNumber: string, kind: string, occurredAt: string) {
  return recordBookingEvent(w.t.deps, w.wsoCoordinator, bookingNumber, { kind, occurredAt });
}
