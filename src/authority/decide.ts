/**
 * decide(scenario): the decision on one delegated action, at the scenario's time. The facts
 * that depend on dates are derived here (facts.ts); the policies decide.
 */
import { type CedarRequest, evaluate } from './engine.ts';
import { type DerivedFacts, deriveFacts } from './facts.ts';
import type { AuthorityScenario } from './scenario.ts';
import type { AuthorityDecision } from './vocabulary.ts';

const uid = (type: string, id: string) => ({ type: `Delegate::${type}`, id });

/** The Cedar request for a scenario: three entities (actor, subject, agreement) and the context. */
export function scenarioRequest(s: AuthorityScenario, facts: DerivedFacts = deriveFacts(s)): CedarRequest {
  const principal = uid('User', 'actor');
  const resource = uid('Subject', 'subject');
  const agreement = uid('Agreement', 'agreement');
  return {
    principal,
    action: s.action,
    resource,
    model: s.actor.role === 'lea_officer' ? s.actor.model : null,
    context: {
      agreement: { __entity: agreement },
      place: {
        facilityListed: facts.facilityListed,
        insideArea: facts.insideArea,
        igsaFacility: facts.igsaFacility,
      },
      withinPowers: facts.withinPowers,
      narrowed: facts.narrowed,
      ...(facts.case ? { case: facts.case } : {}),
    },
    entities: [
      {
        uid: principal,
        attrs: {
          role: s.actor.role,
          agencyId: '',
          model: s.actor.model ?? 'none',
          warrantIssuer: s.actor.warrantIssuer,
          authorization: {
            state: facts.authorization,
            suspended: facts.suspended,
            certified: facts.certified,
            refresherCurrent: facts.refresherCurrent,
          },
        },
        parents: [],
      },
      {
        uid: resource,
        attrs: {
          booked: s.subject.booked,
          under18: facts.under18,
          citizenshipReviewOpen: s.subject.citizenshipReviewOpen,
          protected1367: s.subject.protected1367,
        },
        parents: [],
      },
      {
        uid: agreement,
        attrs: {
          model: s.agreement.model,
          state: facts.agreement,
          civilHoldsForbidden: s.agreement.civilHoldsForbidden,
        },
        parents: [],
      },
    ],
  };
}

/** The decision on a validated scenario (see scenario.ts: parseScenario). */
export function decide(scenario: AuthorityScenario): AuthorityDecision {
  return evaluate(scenarioRequest(scenario));
}
