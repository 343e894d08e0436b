/**
 * The authority scenario: the fixed JSON format of issue 3 that counsel, training and outside
 * test suites write, and that use cases build from the records they load. A strict zod schema:
 * an unknown field or value is an error that names where it is, never a default.
 */
import { z } from 'zod';
import { ROLES } from '../domain/actor.ts';
import { isIsoDate } from '../domain/clock.ts';
import { AGREEMENT_STATUSES, AUTHORITY_MODELS, DELEGATED_ACTIONS } from './vocabulary.ts';

const calendarDate = z.string().refine(isIsoDate, { message: 'must be a calendar date written YYYY-MM-DD' });
const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with Z or an offset' });
/** A date (the whole UTC day) or an exact instant, e.g. a termination at 10:00. */
const dateOrInstant = z.union([calendarDate, instant], {
  error: 'must be a date YYYY-MM-DD or an ISO 8601 date-time with Z or an offset',
});
const code = z.string().min(1, 'must not be empty');
const action = z.enum(DELEGATED_ACTIONS);
const model = z.enum(AUTHORITY_MODELS);

export const agreementSchema = z.strictObject({
  model,
  status: z.enum(AGREEMENT_STATUSES),
  effective: dateOrInstant,
  end: dateOrInstant.nullable(),
  refresherCadenceDays: z.int().positive(),
  facilities: z.array(code),
  areaJurisdictions: z.array(code),
  civilHoldsForbidden: z.boolean(),
  igsaFacilities: z.array(code),
  narrowedActions: z.array(action),
});

export const authorizationSchema = z.strictObject({
  start: calendarDate,
  end: calendarDate,
  suspended: z.boolean(),
  /** null: the model's default powers; otherwise the only actions the authorization lists. */
  powers: z.array(action).nullable(),
});

export const actorSchema = z.strictObject({
  role: z.enum(ROLES),
  model: model.nullable(),
  certifiedOn: calendarDate.nullable(),
  lastRefresherOn: calendarDate.nullable(),
  authorization: authorizationSchema.nullable(),
  warrantIssuer: z.boolean(),
});

/**
 * The facts of the case the action is taken on (issue 4). Absent, the question is about the
 * actor's standing only ("what may this officer do"); use cases acting on a case always pass it.
 */
export const caseFactsSchema = z.strictObject({
  /** The probable-cause basis recorded for the detainer (Form I-247A), or none yet. */
  detainerBasis: z
    .enum([
      'final_order',
      'pending_proceedings',
      'biometric_and_records',
      'statements_or_evidence',
      'investigation_initiated',
      'database_no_match',
    ])
    .nullable(),
  /** An I-200 or I-205 signed by an ICE warrant issuer is attached. */
  warrantSigned: z.boolean(),
  detainerApproved: z.boolean(),
  /** A copy of the detainer was served on the subject: only then is it effective. */
  detainerServed: z.boolean(),
  /** This action serves the detainer on the subject. */
  serving: z.boolean(),
  /** The "would otherwise be released" moment, and the end of the hold it starts. */
  releasedAt: instant.nullable(),
  holdEndsAt: instant.nullable(),
});

export const scenarioSchema = z
  .strictObject({
    at: instant,
    agreement: agreementSchema,
    actor: actorSchema,
    action,
    place: z.strictObject({ facility: code.nullable(), jurisdiction: code.nullable() }),
    subject: z.strictObject({
      dob: calendarDate,
      citizenshipReviewOpen: z.boolean(),
      protected1367: z.boolean(),
      booked: z.boolean(),
    }),
    case: caseFactsSchema.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.actor.role === 'lea_officer' && s.actor.model === null)
      ctx.addIssue({ code: 'custom', path: ['actor', 'model'], message: 'is required for lea_officer' });
    if (s.actor.role !== 'lea_officer' && s.actor.model !== null)
      ctx.addIssue({
        code: 'custom',
        path: ['actor', 'model'],
        message: `must be null for ${s.actor.role}: only lea_officer acts under a model`,
      });
    if (s.actor.authorization && s.actor.authorization.end < s.actor.authorization.start)
      ctx.addIssue({ code: 'custom', path: ['actor', 'authorization', 'end'], message: 'is before start' });
  });

export type AuthorityScenario = z.infer<typeof scenarioSchema>;
export type ScenarioAgreement = AuthorityScenario['agreement'];
export type ScenarioActor = AuthorityScenario['actor'];
export type ScenarioPlace = AuthorityScenario['place'];
export type ScenarioSubject = AuthorityScenario['subject'];
export type ScenarioCase = z.infer<typeof caseFactsSchema>;

export type ParsedScenarios =
  | { ok: true; scenarios: AuthorityScenario[]; array: boolean }
  | { ok: false; message: string };

const pathOf = (path: ReadonlyArray<PropertyKey>) =>
  path.reduce<string>(
    (acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc ? `${acc}.${String(k)}` : String(k)),
    '',
  );

/** One line naming the first problem and where it is, e.g. `[2].actor.role: Invalid option: …`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = pathOf(issue.path);
  return where ? `${where}: ${issue.message}` : issue.message;
}

/** Validates one scenario. */
export function parseScenario(
  input: unknown,
): { ok: true; scenario: AuthorityScenario } | { ok: false; message: string } {
  const r = scenarioSchema.safeParse(input);
  return r.success ? { ok: true, scenario: r.data } : { ok: false, message: describeIssue(r.error) };
}

/** Validates one scenario or a non-empty array of them (a scenario file). */
export function parseScenarios(input: unknown): ParsedScenarios {
  if (Array.isArray(input)) {
    if (input.length === 0) return { ok: false, message: 'the array holds no scenario' };
    const r = z.array(scenarioSchema).safeParse(input);
    return r.success
      ? { ok: true, scenarios: r.data, array: true }
      : { ok: false, message: describeIssue(r.error) };
  }
  const r = parseScenario(input);
  return r.ok ? { ok: true, scenarios: [r.scenario], array: false } : r;
}
