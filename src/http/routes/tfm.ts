/**
 * Task Force Model field work (issue 5): record a field encounter (a create: Idempotency-Key),
 * the steps only a field encounter has — warrantless arrest, examination, 287.3(c) advisals,
 * release — and the supervisor report. Thin: parse, call one use case, render. The rest of a TFM
 * case (interview, determination, I-213, ICE review, charging document) uses the case routes.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordArrestAdvisals } from '../../app/casework/tfm/record-arrest-advisals.ts';
import { recordEncounter } from '../../app/casework/tfm/record-encounter.ts';
import { recordExamination } from '../../app/casework/tfm/record-examination.ts';
import { recordWarrantlessArrest } from '../../app/casework/tfm/record-warrantless-arrest.ts';
import { releaseAfterEncounter } from '../../app/casework/tfm/release-after-encounter.ts';
import { tfmSupervisorReport } from '../../app/casework/tfm/supervisor-report.ts';
import { idempotencyHeaders, sendCreated } from '../idempotency.ts';
import { send } from '../problem.ts';

const tags = ['tfm'];
const id = z.string().uuid();
const caseParams = z.strictObject({ caseId: id });
/** Each use case validates its own input strictly and names the field at fault. */
const body = z.record(z.string(), z.unknown());
const date = z.string().max(10);

const STEPS = [
  {
    path: 'arrest',
    summary: 'Record a warrantless arrest with the "likely to escape" facts (INA §287(a)(2))',
    run: recordWarrantlessArrest,
  },
  {
    path: 'examination',
    summary: 'Record the examination by another officer, or the 8 CFR 287.3(a) exception',
    run: recordExamination,
  },
  {
    path: 'advisals',
    summary: 'Record the 8 CFR 287.3(c) advisals to the arrested person',
    run: recordArrestAdvisals,
  },
  {
    path: 'release',
    summary: 'Release after the encounter: no immigration action, the case is closed',
    run: releaseAfterEncounter,
  },
] as const;

export const tfmRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/tfm/encounters',
    {
      bodyLimit: 64 * 1024,
      schema: {
        tags,
        summary:
          'Record a field encounter: who, when, where (in the area of responsibility), the lawful basis',
        headers: idempotencyHeaders,
        body,
      },
    },
    async (req, reply) => sendCreated(req, reply, (deps) => recordEncounter(deps, req.actor, req.body)),
  );
  for (const step of STEPS) {
    app.post(
      `/cases/:caseId/tfm/${step.path}`,
      { schema: { tags, summary: step.summary, params: caseParams, body: body.nullish() } },
      async (req, reply) =>
        send(reply, await step.run(req.deps, req.actor, req.params.caseId, req.body ?? {})),
    );
  }
  app.get(
    '/tfm/supervisor-report',
    {
      schema: {
        tags,
        summary: 'Per officer: warrantless arrests and examining-officer exceptions in a period',
        querystring: z.strictObject({ from: date, to: date, agencyId: id.optional() }),
      },
    },
    async (req, reply) => send(reply, await tfmSupervisorReport(req.deps, req.actor, req.query)),
  );
};
