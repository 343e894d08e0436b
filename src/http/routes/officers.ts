/** MOAs, facilities, training classes and officers. Thin: parse, call one use case, render. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { addFacility } from '../../app/moas/add-facility.ts';
import { amendMoa, terminateMoa } from '../../app/moas/change-moa.ts';
import { createMoa } from '../../app/moas/create-moa.ts';
import { getMoa } from '../../app/moas/get-moa.ts';
import { listMoas } from '../../app/moas/list-moas.ts';
import { authorizeOfficer } from '../../app/officers/authorize-officer.ts';
import { certifyOfficer } from '../../app/officers/certify-officer.ts';
import { createTrainingClass } from '../../app/officers/create-training-class.ts';
import { decideNomination } from '../../app/officers/decide-nomination.ts';
import { reinstateOfficer, revokeOfficer } from '../../app/officers/end-suspension.ts';
import { enrollOfficer } from '../../app/officers/enroll-officer.ts';
import { explainOfficerAuthority } from '../../app/officers/explain-officer-authority.ts';
import { getOfficer } from '../../app/officers/get-officer.ts';
import { listNotifications } from '../../app/officers/list-notifications.ts';
import { listOfficers } from '../../app/officers/list-officers.ts';
import { listTrainingClasses } from '../../app/officers/list-training-classes.ts';
import { nominateOfficer } from '../../app/officers/nominate-officer.ts';
import { recordEligibility } from '../../app/officers/record-eligibility.ts';
import { recordExam } from '../../app/officers/record-exam.ts';
import { recordRefresher } from '../../app/officers/record-refresher.ts';
import { ELIGIBILITY_CHANGES, suspendOfficer } from '../../app/officers/suspend-officer.ts';
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { ELIGIBILITY_ITEMS } from '../../domain/officers.ts';
import { MODELS } from '../../domain/registry.ts';
import type { Result } from '../../domain/result.ts';
import { idempotencyHeaders, sendCreated } from '../idempotency.ts';
import { send } from '../problem.ts';

const id = z.string().uuid();
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isIsoDate, 'must be a calendar date');
const model = z.enum(MODELS);
const text = (max = 500) => z.string().trim().min(1).max(max);
const eligibility = z.strictObject({
  item: z.enum(ELIGIBILITY_ITEMS),
  satisfied: z.boolean(),
  evidence: text(1000),
  dated: date,
});
const terms = z.strictObject({
  models: z.array(model).min(1).max(3),
  signedOn: date.nullable().optional(),
  effective: date,
  endDate: date.nullable().optional(),
  refresherCadenceDays: z.number().int().min(1).max(3650).optional(),
  holdRule: z.enum(['plain_48h', 'business_hours_48h']).optional(),
  civilHoldsForbidden: z.boolean().optional(),
  facilityCodes: z.array(text(32)).max(200).optional(),
  areaJurisdictions: z.array(text(120)).max(500).optional(),
  igsaFacilityCodes: z.array(text(32)).max(200).optional(),
  narrowedActions: z.array(text(40)).max(20).optional(),
  clauses: z
    .array(
      z.strictObject({
        id: text(60),
        summary: text(2000),
        action: z.string().max(40).nullable(),
        effect: z.enum(['grants', 'forbids', 'other']),
      }),
    )
    .max(500)
    .optional(),
});
const officerParams = z.strictObject({ officerId: id });
const moaParams = z.strictObject({ moaId: id });
const tags = ['authority'];

export const officerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/facilities',
    {
      schema: {
        tags,
        summary: 'Add a facility of an agency',
        headers: idempotencyHeaders,
        body: z.strictObject({
          agencyId: id,
          code: text(32),
          name: text(200),
          jurisdiction: text(120).nullable().optional(),
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => addFacility(deps, req.actor, req.body)),
  );

  app.get(
    '/moas',
    { schema: { tags, summary: 'MOAs', querystring: z.strictObject({ agencyId: id.optional() }) } },
    async (req, reply) => send(reply, await listMoas(req.deps, req.actor, req.query)),
  );
  app.post(
    '/moas',
    {
      schema: {
        tags,
        summary: 'Record a signed MOA (version 1)',
        headers: idempotencyHeaders,
        body: z.strictObject({ agencyId: id, title: text(300), terms }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => createMoa(deps, req.actor, req.body)),
  );
  app.get(
    '/moas/:moaId',
    { schema: { tags, summary: 'One MOA with its versions', params: moaParams } },
    async (req, reply) => send(reply, await getMoa(req.deps, req.actor, req.params)),
  );
  app.post(
    '/moas/:moaId/amendments',
    {
      schema: {
        tags,
        summary: 'Amend: a new version supersedes the current one',
        headers: idempotencyHeaders,
        params: moaParams,
        body: z.strictObject({ terms }),
      },
    },
    async (req, reply) =>
      sendCreated(req, reply, (deps) =>
        amendMoa(deps, req.actor, { moaId: req.params.moaId, terms: req.body.terms }),
      ),
  );
  app.post(
    '/moas/:moaId/termination',
    {
      schema: {
        tags,
        summary: 'Terminate the MOA now',
        params: moaParams,
        body: z.strictObject({ reason: text(1000) }),
      },
    },
    async (req, reply) =>
      send(reply, await terminateMoa(req.deps, req.actor, { moaId: req.params.moaId, ...req.body })),
  );

  app.post(
    '/training-classes',
    {
      schema: {
        tags,
        summary: 'Schedule a training class',
        headers: idempotencyHeaders,
        body: z.strictObject({
          model,
          startsOn: date,
          endsOn: date,
          course: text(200).optional(),
          hours: z.number().int().min(1).max(1000).optional(),
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => createTrainingClass(deps, req.actor, req.body)),
  );

  app.get(
    '/training-classes',
    {
      schema: {
        tags,
        summary: 'Training classes, newest first',
        querystring: z.strictObject({ model: model.optional() }),
      },
    },
    async (req, reply) => send(reply, await listTrainingClasses(req.deps, req.actor, req.query)),
  );

  app.get(
    '/officers',
    {
      schema: {
        tags,
        summary: 'Officers and their stage',
        querystring: z.strictObject({ agencyId: id.optional() }),
      },
    },
    async (req, reply) => send(reply, await listOfficers(req.deps, req.actor, req.query)),
  );
  app.post(
    '/officers',
    {
      schema: {
        tags,
        summary: 'Nominate an officer',
        headers: idempotencyHeaders,
        body: z.strictObject({
          agencyId: id,
          displayName: text(200),
          badge: text(40).nullable().optional(),
          model,
          eligibility: z.array(eligibility).max(4),
        }),
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => nominateOfficer(deps, req.actor, req.body)),
  );
  app.get(
    '/officers/:officerId',
    { schema: { tags, summary: 'One officer', params: officerParams } },
    async (req, reply) => send(reply, await getOfficer(req.deps, req.actor, req.params)),
  );

  app.get(
    '/officers/:officerId/authority',
    {
      schema: {
        tags,
        summary: 'What this officer may do here and now, and why (every delegated action)',
        params: officerParams,
        querystring: z.strictObject({ facility: text(32).optional(), jurisdiction: text(120).optional() }),
      },
    },
    async (req, reply) =>
      send(
        reply,
        await explainOfficerAuthority(req.deps, req.actor, { officerId: req.params.officerId, ...req.query }),
      ),
  );

  /** One POST /officers/:officerId/<step> route per lifecycle step. */
  const step = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B,
    run: (ctx: { deps: Deps; actor: Actor }, officerId: string, body: z.infer<B>) => Promise<Result<unknown>>,
  ) =>
    app.post(
      `/officers/:officerId/${path}`,
      { schema: { tags, summary, params: officerParams, body } },
      async (req, reply) => send(reply, await run(req, req.params.officerId, req.body as z.infer<B>)),
    );

  step('eligibility', 'Record an eligibility item', eligibility, (r, o, b) =>
    recordEligibility(r.deps, r.actor, o, b),
  );
  step(
    'decision',
    'Approve or reject the nomination',
    z.strictObject({ approve: z.boolean(), reason: text(1000).optional() }),
    (r, o, b) => decideNomination(r.deps, r.actor, o, b),
  );
  step('enrollments', 'Enrol in a training class', z.strictObject({ classId: id }), (r, o, b) =>
    enrollOfficer(r.deps, r.actor, o, b.classId),
  );
  step(
    'exams',
    'Record an exam score',
    z.strictObject({ exam: text(200), score: z.number().min(0).max(100), takenOn: date }),
    (r, o, b) => recordExam(r.deps, r.actor, o, b),
  );
  step(
    'certification',
    'Certify (written certification of training)',
    z.strictObject({ certifiedOn: date }),
    (r, o, b) => certifyOfficer(r.deps, r.actor, o, b),
  );
  step(
    'authorizations',
    'Authorize under an MOA version (§1357(g)(5))',
    z.strictObject({
      moaId: id,
      moaVersion: z.number().int().min(1),
      powers: z.array(text(40)).max(20).nullable(),
      startsOn: date,
      endsOn: date,
      supervisingPosition: text(300),
    }),
    (r, o, b) => authorizeOfficer(r.deps, r.actor, o, b),
  );
  step('refreshers', 'Record refresher training', z.strictObject({ completedOn: date }), (r, o, b) =>
    recordRefresher(r.deps, r.actor, o, b),
  );
  step(
    'suspensions',
    'Suspend (eligibility change or other reason)',
    z.strictObject({ reason: z.enum([...ELIGIBILITY_CHANGES, 'other']), detail: text(1000) }),
    (r, o, b) => suspendOfficer(r.deps, r.actor, o, b),
  );
  step('reinstatement', 'Reinstate a suspended officer', z.strictObject({ note: text(1000) }), (r, o, b) =>
    reinstateOfficer(r.deps, r.actor, o, b),
  );
  step('revocation', 'Revoke the officer’s authority', z.strictObject({ reason: text(1000) }), (r, o, b) =>
    revokeOfficer(r.deps, r.actor, o, b),
  );

  app.get(
    '/notifications',
    { schema: { tags, summary: 'Notifications for the signed-in user' } },
    async (req, reply) => send(reply, await listNotifications(req.deps, req.actor)),
  );
};
