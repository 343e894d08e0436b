/**
 * authorize(actor, action, resource, context) → AuthorityDecision. Every use case calls it
 * (through app/guard.ts) before it decides. One engine, Cedar (ADR 0003), for both kinds of
 * action:
 *
 * - system actions of the application (`registry.read`, `officer.nominate`, …):
 *   `authorize(actor, action, resource?)`, the actor being the signed-in user, the console
 *   operator or the public; a resource with `agencyId` holds agency roles to their own agency;
 * - delegated immigration-officer actions (`interview`, `serve_warrant`, …):
 *   `authorize(scenarioActor, action, { place, subject }, { at, agreement })`, the parts of an
 *   authority scenario (scenario.ts), or `decide(scenario)` with the whole scenario.
 */
import type { Actor } from '../domain/actor.ts';
import { decide, scenarioRequest } from './decide.ts';
import { type CedarEntity, evaluate } from './engine.ts';
import type { AuthorityScenario, ScenarioActor } from './scenario.ts';
import {
  type AuthorityDecision,
  DELEGATED_ACTIONS,
  type DelegatedAction,
  SYSTEM_ACTIONS,
  type SystemAction,
} from './vocabulary.ts';

/** The system actions (kept under the foundation's name). */
export type Action = SystemAction;
export type { AuthorityDecision, DelegatedAction, SystemAction };

/** What a system action is about; `agencyId` scopes agency roles to their own agency. */
export interface Resource {
  type: string;
  id: string;
  agencyId?: string | null;
}

/** What a delegated action is about, and when and under what it is taken. */
export type DelegatedResource = Pick<AuthorityScenario, 'place' | 'subject'>;
export type DelegatedContext = Pick<AuthorityScenario, 'at' | 'agreement'>;

const DELEGATED: ReadonlySet<string> = new Set(DELEGATED_ACTIONS);
const SYSTEM: ReadonlySet<string> = new Set(SYSTEM_ACTIONS);

const uid = (type: string, id: string) => ({ type: `Delegate::${type}`, id });

/** The principal entity of an application actor. */
function principalOf(actor: Actor): { uid: { type: string; id: string }; entity: CedarEntity } {
  if (actor.kind === 'user') {
    const u = uid('User', actor.id);
    return {
      uid: u,
      entity: {
        uid: u,
        attrs: {
          role: actor.role,
          agencyId: actor.agencyId ?? '',
          model: 'none',
          warrantIssuer: false,
          authorization: { state: 'none', suspended: false, certified: false, refresherCurrent: false },
        },
        parents: [],
      },
    };
  }
  const u = actor.kind === 'operator' ? uid('Operator', actor.id) : uid('Anonymous', 'public');
  return { uid: u, entity: { uid: u, attrs: {}, parents: [] } };
}

function authorizeSystem(actor: Actor, action: SystemAction, resource: Resource | null): AuthorityDecision {
  const principal = principalOf(actor);
  const record = uid('Record', resource ? `${resource.type}:${resource.id}` : 'none');
  return evaluate({
    principal: principal.uid,
    action,
    resource: record,
    context: {},
    model: null,
    anonymous: actor.kind === 'public',
    entities: [
      principal.entity,
      {
        uid: record,
        attrs: {
          scoped: resource?.agencyId !== undefined,
          agencyId: resource?.agencyId ?? '',
        },
        parents: [],
      },
    ],
  });
}

export function authorize(actor: Actor, action: SystemAction, resource?: Resource | null): AuthorityDecision;
export function authorize(
  actor: ScenarioActor,
  action: DelegatedAction,
  resource: DelegatedResource,
  context: DelegatedContext,
): AuthorityDecision;
export function authorize(
  actor: Actor | ScenarioActor,
  action: SystemAction | DelegatedAction,
  resource?: Resource | DelegatedResource | null,
  context?: DelegatedContext,
): AuthorityDecision {
  if (SYSTEM.has(action))
    return authorizeSystem(actor as Actor, action as SystemAction, (resource ?? null) as Resource | null);
  if (!DELEGATED.has(action) || !context || !resource)
    throw new TypeError(`authorize: unknown action or missing context: ${action}`);
  const r = resource as DelegatedResource;
  return decide({
    at: context.at,
    agreement: context.agreement,
    actor: actor as ScenarioActor,
    action: action as DelegatedAction,
    place: r.place,
    subject: r.subject,
  });
}

/**
 * A delegated action by an application actor: the scenario's actor describes the signed-in
 * user's standing (role, model, authorization). The console operator and the public are
 * evaluated as themselves, and the policies refuse them.
 */
export function authorizeDelegated(actor: Actor, scenario: AuthorityScenario): AuthorityDecision {
  if (actor.kind === 'user') {
    if (actor.role !== scenario.actor.role)
      throw new TypeError(
        `authorizeDelegated: the scenario describes a ${scenario.actor.role}, the actor is a ${actor.role}`,
      );
    return decide(scenario);
  }
  const req = scenarioRequest(scenario);
  const principal = principalOf(actor);
  return evaluate({
    ...req,
    principal: principal.uid,
    model: null,
    anonymous: actor.kind === 'public',
    entities: [principal.entity, ...req.entities.filter((e) => e.uid.type !== 'Delegate::User')],
  });
}

export const isDelegatedAction = (a: string): a is DelegatedAction => DELEGATED.has(a);
export const isSystemAction = (a: string): a is SystemAction => SYSTEM.has(a);
