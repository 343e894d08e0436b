/**
 * The subject's criminal history as Delegate knows it on a case: convictions and pending
 * charges from answered NCIC/III queries, and the booking's own charges as pending. It feeds
 * the priority policy and the I-213.
 */
import { lookupNcic } from '../../domain/ncic.ts';
import type { CriminalHistory } from '../../domain/priority.ts';
import type { BookingRow, SystemQueryRow } from '../../store/casework.ts';

interface NcicResponse {
  kind?: string;
  answer?: {
    convictions?: Array<{ ncic: string; date: string; disposition: string; court: string }>;
    pendingCharges?: Array<{ ncic: string; chargedOn: string; court: string }>;
  };
}

export function criminalHistoryOf(
  booking: Pick<BookingRow, 'charges' | 'bookedAt'> | null,
  queries: SystemQueryRow[],
) {
  const convictions: Array<{ ncic: string; date: string; disposition: string }> = [];
  const pending: Array<{ ncic: string; chargedOn: string }> = [];
  for (const q of queries) {
    if (q.system !== 'NCIC' || q.state !== 'answered') continue;
    const r = q.response as NcicResponse | null;
    if (r?.kind !== 'answered' || !r.answer) continue;
    for (const c of r.answer.convictions ?? [])
      convictions.push({ ncic: c.ncic, date: c.date, disposition: c.disposition });
    for (const p of r.answer.pendingCharges ?? []) pending.push({ ncic: p.ncic, chargedOn: p.chargedOn });
  }
  if (booking) {
    const bookedOn = booking.bookedAt.toISOString().slice(0, 10);
    for (const c of booking.charges) pending.push({ ncic: c.ncic, chargedOn: bookedOn });
  }
  const history: CriminalHistory = {
    convictions: dedupe(convictions.map((c) => ({ ncic: c.ncic, date: c.date }))),
    pendingCharges: dedupe(pending),
  };
  const lines = [
    ...convictions.map((c) => ({
      ncicCode: c.ncic,
      offense: lookupNcic(c.ncic)?.description ?? c.ncic,
      date: c.date,
      disposition: c.disposition,
    })),
    ...pending.map((p) => ({
      ncicCode: p.ncic,
      offense: lookupNcic(p.ncic)?.description ?? p.ncic,
      date: p.chargedOn,
      disposition: 'Pending',
    })),
  ];
  return { history, lines };
}

function dedupe<T extends object>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = JSON.stringify(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
