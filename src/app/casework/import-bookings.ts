/**
 * `delegate import bookings FILE`: a jail's bookings as CSV or JSON lines. Every line is
 * checked before anything is written, and the whole file is one transaction: a bad line names
 * its line and field and nothing is written. Lines already received identically are skipped.
 *
 * CSV header: booking_number,facility_code,booked_at,first_name,middle_name,last_name,dob,sex,
 * place_of_birth,nationality,fingerprint_id,fbi_number,a_number,fin,charges,expected_release_at
 * where `charges` is `;`-separated `NCIC|felony or misdemeanor|description`.
 * JSON lines: one `POST /api/v1/bookings` body per line.
 */
import { parse } from 'csv-parse/sync';
import { describeIssue } from '../../authority/scenario.ts';
import type { Actor } from '../../domain/actor.ts';
import { type BookingInput, bookingSchema } from '../../domain/booking.ts';
import { type ErrorCode, fail, ok, type Result } from '../../domain/result.ts';
import { transactionScope } from '../../store/idempotency.ts';
import type { Deps } from '../deps.ts';
import { ingestBooking } from './ingest-booking.ts';
import { clearSubjectIndexCache } from './subject-index.ts';

export const BOOKING_CSV_HEADER = [
  'booking_number',
  'facility_code',
  'booked_at',
  'first_name',
  'middle_name',
  'last_name',
  'dob',
  'sex',
  'place_of_birth',
  'nationality',
  'fingerprint_id',
  'fbi_number',
  'a_number',
  'fin',
  'charges',
  'expected_release_at',
] as const;

const MAX_LINES = 100_000;

type Line = { line: number; body: unknown };

function csvLines(text: string): Result<Line[]> {
  let rows: string[][];
  try {
    rows = parse(text, { relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    return fail('invalid_input', `the file is not valid CSV: ${(error as Error).message.split('\n')[0]}`);
  }
  const header = rows[0] ?? [];
  if (header.join(',') !== BOOKING_CSV_HEADER.join(','))
    return fail('invalid_input', `line 1: the header must be ${BOOKING_CSV_HEADER.join(',')}`);
  const opt = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  return ok(
    rows.slice(1).map((r, i) => {
      const c = Object.fromEntries(BOOKING_CSV_HEADER.map((h, j) => [h, r[j]])) as Record<string, string>;
      const person = Object.fromEntries(
        Object.entries({
          firstName: c.first_name,
          middleName: opt(c.middle_name),
          lastName: c.last_name,
          dob: c.dob,
          sex: c.sex,
          placeOfBirth: opt(c.place_of_birth),
          nationality: opt(c.nationality),
          fingerprintId: opt(c.fingerprint_id),
          fbiNumber: opt(c.fbi_number),
          aNumber: opt(c.a_number),
          fin: opt(c.fin),
        }).filter(([, v]) => v !== undefined),
      );
      const charges = (c.charges ?? '')
        .split(';')
        .filter(Boolean)
        .map((x) => {
          const [ncic, level, ...description] = x.split('|');
          return { ncic, level, description: description.join('|') };
        });
      return {
        line: i + 2,
        body: {
          bookingNumber: c.booking_number,
          facilityCode: c.facility_code,
          bookedAt: c.booked_at,
          person,
          charges,
          ...(opt(c.expected_release_at) ? { expectedReleaseAt: c.expected_release_at } : {}),
        },
      };
    }),
  );
}

function jsonLines(text: string): Result<Line[]> {
  const out: Line[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    try {
      out.push({ line: i + 1, body: JSON.parse(raw) });
    } catch {
      return fail('invalid_input', `line ${i + 1}: not valid JSON`);
    }
  }
  return ok(out);
}

export async function importBookings(
  deps: Deps,
  actor: Actor,
  input: { text: string; format: 'csv' | 'jsonl'; agencyId?: string | undefined },
): Promise<Result<{ received: number; new: number; alreadyReceived: number; cases: number }>> {
  const lines = input.format === 'csv' ? csvLines(input.text) : jsonLines(input.text);
  if (!lines.ok) return lines;
  if (lines.value.length === 0) return fail('invalid_input', 'the file holds no booking');
  if (lines.value.length > MAX_LINES)
    return fail('invalid_input', `the file holds more than ${MAX_LINES} bookings`);
  const checked: Array<{ line: number; booking: BookingInput }> = [];
  const numbers = new Map<string, number>();
  for (const l of lines.value) {
    const r = bookingSchema.safeParse(l.body);
    if (!r.success)
      return fail('invalid_input', `line ${l.line}: ${describeIssue(r.error)}`, { where: { line: l.line } });
    const seen = numbers.get(r.data.bookingNumber);
    if (seen)
      return fail(
        'invalid_input',
        `line ${l.line}: booking number ${r.data.bookingNumber} is also on line ${seen}`,
        {
          where: { line: l.line },
        },
      );
    numbers.set(r.data.bookingNumber, l.line);
    checked.push({ line: l.line, booking: l.body as BookingInput });
  }
  const counts = { received: checked.length, new: 0, alreadyReceived: 0, cases: 0 };
  try {
    await deps.db.transaction().execute(async (tx) => {
      const scoped = { ...deps, db: transactionScope(tx) };
      for (const c of checked) {
        const r = await ingestBooking(scoped, actor, c.booking, { agencyId: input.agencyId });
        if (!r.ok) throw new LineRefused(c.line, r.error.userMessage, r.error.code);
        if (r.value.replayed) counts.alreadyReceived++;
        else counts.new++;
        if (r.value.caseId && !r.value.replayed) counts.cases++;
      }
    });
  } catch (error) {
    // The in-memory subject index learned this file's subjects before the rollback: reload it.
    clearSubjectIndexCache();
    if (error instanceof LineRefused)
      return fail(error.code, `line ${error.line}: ${error.message}`, { where: { line: error.line } });
    throw error;
  }
  return ok(counts);
}

class LineRefused extends Error {
  readonly line: number;
  readonly code: ErrorCode;
  constructor(line: number, message: string, code: ErrorCode) {
    super(message);
    this.line = line;
    this.code = code;
  }
}
