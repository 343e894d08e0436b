/**
 * A booking as a jail sends it (API `POST /api/v1/bookings`, or a CSV / JSON-lines file), and
 * the later events of its custody. Strict: an unknown field, an unknown NCIC code, a release
 * before the booking, an impossible date is an error naming where it is, never a default.
 */
import { z } from 'zod';
import { isIsoDate } from './clock.ts';
import { isKnownNcicCode } from './ncic.ts';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with Z or an offset' });
const calendarDate = z.string().refine(isIsoDate, { message: 'must be a calendar date written YYYY-MM-DD' });
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine(
      (s) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127),
      'must not contain control characters',
    );
const optionalText = (max: number) => text(max).optional();

export const ncicCode = z
  .string()
  .regex(/^\d{4}$/, 'must be a four-digit NCIC offense code')
  .superRefine((code, ctx) => {
    if (!isKnownNcicCode(code))
      ctx.addIssue({ code: 'custom', message: `${code} is not a known NCIC offense code` });
  });

export const chargeSchema = z.strictObject({
  ncic: ncicCode,
  description: text(200),
  level: z.enum(['felony', 'misdemeanor']),
  statute: optionalText(100),
});
export type Charge = z.infer<typeof chargeSchema>;

export const personSchema = z.strictObject({
  firstName: text(60),
  middleName: optionalText(60),
  lastName: text(60),
  dob: calendarDate,
  sex: z.enum(['M', 'F', 'X', 'U']),
  /** NCIC place-of-birth code as the jail recorded it; data only, never a priority input. */
  placeOfBirth: optionalText(4),
  /** Country of citizenship as the jail recorded it; used only for consular notification. */
  nationality: optionalText(2),
  fingerprintId: optionalText(40),
  fbiNumber: z
    .string()
    .regex(/^[0-9A-Z]{1,9}$/, 'must be an FBI number of up to 9 letters and digits')
    .optional(),
  aNumber: z
    .string()
    .regex(/^A?\d{8,9}$/, 'must be an A-number of 8 or 9 digits')
    .transform((s) => s.replace(/^A/, '').padStart(9, '0'))
    .optional(),
  fin: z
    .string()
    .regex(/^\d{10}$/, 'must be a 10-digit FIN')
    .optional(),
});
export type BookingPerson = z.infer<typeof personSchema>;

export const MAX_CHARGES = 50;

export const bookingSchema = z
  .strictObject({
    bookingNumber: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/,
        'must be 1–40 letters, digits, dot, dash, slash or underscore',
      ),
    facilityCode: text(40),
    bookedAt: instant,
    person: personSchema,
    charges: z
      .array(chargeSchema)
      .min(1, 'a booking on a criminal charge lists at least one charge')
      .max(MAX_CHARGES, `at most ${MAX_CHARGES} charges`),
    expectedReleaseAt: instant.optional(),
  })
  .superRefine((b, ctx) => {
    const booked = Date.parse(b.bookedAt);
    if (b.expectedReleaseAt && Date.parse(b.expectedReleaseAt) < booked)
      ctx.addIssue({ code: 'custom', path: ['expectedReleaseAt'], message: 'is before the booking' });
    if (b.person.dob > b.bookedAt.slice(0, 10))
      ctx.addIssue({ code: 'custom', path: ['person', 'dob'], message: 'is after the booking' });
    if (Number(b.bookedAt.slice(0, 4)) - Number(b.person.dob.slice(0, 4)) > 120)
      ctx.addIssue({
        code: 'custom',
        path: ['person', 'dob'],
        message: 'is more than 120 years before the booking',
      });
  });
export type BookingInput = z.infer<typeof bookingSchema>;

/** Events that change a booking after intake. The first four are "would otherwise be released". */
export const RELEASE_EVENTS = ['bail_posted', 'sentence_served', 'court_order', 'charges_dismissed'] as const;
export const BOOKING_EVENT_KINDS = [...RELEASE_EVENTS, 'charges_changed', 'left_custody'] as const;
export type BookingEventKind = (typeof BOOKING_EVENT_KINDS)[number];

export const bookingEventSchema = z
  .strictObject({
    kind: z.enum(BOOKING_EVENT_KINDS),
    occurredAt: instant,
    charges: z.array(chargeSchema).min(1).max(MAX_CHARGES).optional(),
    note: optionalText(500),
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'charges_changed' && !e.charges)
      ctx.addIssue({ code: 'custom', path: ['charges'], message: 'is required when charges change' });
    if (e.kind !== 'charges_changed' && e.charges)
      ctx.addIssue({ code: 'custom', path: ['charges'], message: 'is only sent when charges change' });
  });
export type BookingEventInput = z.infer<typeof bookingEventSchema>;

export const isReleaseEvent = (kind: BookingEventKind): boolean =>
  (RELEASE_EVENTS as readonly string[]).includes(kind);

/** The event may not precede the booking: a release before booking is refused. */
export function eventAfterBooking(bookedAt: Date, occurredAt: string): string | null {
  return Date.parse(occurredAt) < bookedAt.getTime() ? 'occurredAt: is before the booking' : null;
}
