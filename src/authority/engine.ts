/**
 * The authority engine: Cedar policies (policies/*.cedar, embedded by scripts/gen-authority.ts)
 * preparsed once, evaluated per request on a small entity slice (the actor, the subject or
 * record, the agreement). Pure: no I/O, no clock; the decision time is part of the request.
 *
 * A decision names its determining policies. A denial with no forbid (no permit applied) names
 * the permits of the action as the rule not met, or `default-deny` when there is none. An
 * evaluation error fails closed.
 */
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { POLICY_TEXTS, SCHEMA_TEXT } from './policies.generated.ts';
import { AUTHORITY_MODELS, type AuthorityDecision } from './vocabulary.ts';

const NS = 'Delegate';
const POLICY_SET_ID = 'delegate-authority';
const SCHEMA_ID = 'delegate-authority';

/** One policy as loaded: its id, effect, sentence and the citations it enforces. */
export interface PolicyInfo {
  id: string;
  file: string;
  effect: 'permit' | 'forbid';
  /** The `///` sentence above the policy. */
  sentence: string;
  /** `@citation`, split on "; ". */
  citations: string[];
  /** `@clause`, split on "; ": default-matrix clause ids (`WSO-DEFAULT:…`) or `MOA-…` rules. */
  clauses: string[];
  /** The action ids the policy's scope covers; `null` for every action. */
  actions: string[] | null;
  order: number;
}

export type EntityUid = { type: string; id: string };
export interface CedarEntity {
  uid: EntityUid;
  attrs: Record<string, cedar.CedarValueJson>;
  parents: EntityUid[];
}
export interface CedarRequest {
  principal: EntityUid;
  action: string;
  resource: EntityUid;
  context: Record<string, cedar.CedarValueJson>;
  entities: CedarEntity[];
  /** For citations: keep only the default-matrix clauses of this model (the officer's). */
  model: string | null;
  /** Adds "Sign in first." to a denial. */
  anonymous?: boolean;
}

export class AuthorityConfigError extends Error {}

const split = (s: string | undefined) =>
  s
    ? s
        .split('; ')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];

/** The `///` lines directly above each `@id("…")`, joined into one sentence per policy id. */
function docComments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^@id\("([^"]+)"\)/.exec(line.trim());
    if (!m) return;
    const doc: string[] = [];
    for (let j = i - 1; j >= 0 && lines[j]!.trim().startsWith('///'); j--) {
      doc.unshift(lines[j]!.trim().slice(3).trim());
    }
    out.set(m[1]!, doc.join(' '));
  });
  return out;
}

type Groups = Record<string, string[]>;

function actionsOf(constraint: cedar.PolicyJson['action'], groups: Groups): string[] | null {
  const ids = (uids: cedar.EntityUidJson[]) =>
    uids.flatMap((u) => {
      const id = '__entity' in u ? u.__entity.id : u.id;
      return groups[id] ? [...groups[id]] : [id];
    });
  if (constraint.op === 'All') return null;
  if (constraint.op === '==') return 'entity' in constraint ? ids([constraint.entity]) : null;
  return 'entities' in constraint ? ids(constraint.entities) : ids([constraint.entity]);
}

export interface LoadedAuthority {
  policies: ReadonlyMap<string, PolicyInfo>;
  schemaText: string;
  policyTexts: Readonly<Record<string, string>>;
}

let loaded: LoadedAuthority | null = null;

/** Action groups of the schema (`delegated`, `system`) → their member actions. */
function groupsFromSchema(schemaText: string): Groups {
  const json = cedar.schemaToJson(schemaText);
  if (json.type !== 'success') throw new AuthorityConfigError(json.errors.map((e) => e.message).join('; '));
  const groups: Groups = {};
  for (const [id, def] of Object.entries(json.json[NS]?.actions ?? {})) {
    for (const parent of def.memberOf ?? []) {
      groups[parent.id] = [...(groups[parent.id] ?? []), id];
    }
  }
  return groups;
}

/** Parses, indexes and preparses the policy set and schema; idempotent. Throws on a bad policy file. */
export function loadAuthority(
  policyTexts: Readonly<Record<string, string>> = POLICY_TEXTS,
  schemaText: string = SCHEMA_TEXT,
): LoadedAuthority {
  if (loaded && loaded.policyTexts === policyTexts && loaded.schemaText === schemaText) return loaded;
  const groups = groupsFromSchema(schemaText);
  const policies = new Map<string, PolicyInfo>();
  const byId: Record<string, string> = {};
  let order = 0;
  for (const [file, text] of Object.entries(policyTexts)) {
    const docs = docComments(text);
    const parts = cedar.policySetTextToParts(text);
    if (parts.type !== 'success')
      throw new AuthorityConfigError(`${file}: ${parts.errors.map((e) => e.message).join('; ')}`);
    for (const part of parts.policies) {
      const json = cedar.policyToJson(part);
      if (json.type !== 'success')
        throw new AuthorityConfigError(`${file}: ${json.errors.map((e) => e.message).join('; ')}`);
      const a = json.json.annotations ?? {};
      const id = a.id;
      if (!id) throw new AuthorityConfigError(`${file}: a policy has no @id`);
      if (policies.has(id)) throw new AuthorityConfigError(`${file}: @id("${id}") is used twice`);
      policies.set(id, {
        id,
        file,
        effect: json.json.effect,
        sentence: docs.get(id) ?? '',
        citations: split(a.citation),
        clauses: split(a.clause),
        actions: actionsOf(json.json.action, groups),
        order: order++,
      });
      byId[id] = part;
    }
  }
  const pset = cedar.preparsePolicySet(POLICY_SET_ID, { staticPolicies: byId });
  if (pset.type !== 'success') throw new AuthorityConfigError(pset.errors.map((e) => e.message).join('; '));
  const schema = cedar.preparseSchema(SCHEMA_ID, schemaText);
  if (schema.type !== 'success')
    throw new AuthorityConfigError(schema.errors.map((e) => e.message).join('; '));
  loaded = { policies, schemaText, policyTexts };
  return loaded;
}

const MODEL_CLAUSE = new RegExp(`^(${AUTHORITY_MODELS.join('|')})-`);

/** Citations, then clause ids, of the given rules, without repeats; model clauses only for `model`. */
function citationsOf(rules: PolicyInfo[], model: string | null): string[] {
  const out: string[] = [];
  for (const r of rules) {
    for (const c of r.citations) if (!out.includes(c)) out.push(c);
    for (const c of r.clauses) {
      const m = MODEL_CLAUSE.exec(c);
      if (m && m[1] !== model) continue;
      if (!out.includes(c)) out.push(c);
    }
  }
  return out;
}

function decisionOf(
  decision: 'allow' | 'deny',
  rules: PolicyInfo[],
  model: string | null,
): AuthorityDecision {
  const sorted = [...rules].sort((a, b) => a.order - b.order);
  return {
    decision,
    ruleIds: sorted.map((r) => r.id),
    citations: citationsOf(sorted, model),
    reasons: sorted.map((r) => r.sentence),
  };
}

/** Evaluates one request against the preparsed policy set. */
export function evaluate(req: CedarRequest, validateRequest = true): AuthorityDecision {
  const { policies } = loadAuthority();
  const answer = cedar.statefulIsAuthorized({
    principal: req.principal,
    action: { type: `${NS}::Action`, id: req.action },
    resource: req.resource,
    context: req.context,
    entities: req.entities,
    preparsedPolicySetId: POLICY_SET_ID,
    preparsedSchemaName: SCHEMA_ID,
    validateRequest,
  });
  if (answer.type !== 'success') {
    return {
      decision: 'deny',
      ruleIds: ['engine.request-invalid'],
      citations: [],
      reasons: [`The request could not be evaluated: ${answer.errors.map((e) => e.message).join('; ')}`],
    };
  }
  const { decision, diagnostics } = answer.response;
  if (diagnostics.errors.length > 0) {
    // A policy that errors is skipped by Cedar; a skipped forbid must never turn into an allow.
    return {
      decision: 'deny',
      ruleIds: ['engine.evaluation-error', ...diagnostics.errors.map((e) => e.policyId)],
      citations: [],
      reasons: diagnostics.errors.map(
        (e) => `Policy ${e.policyId} could not be evaluated: ${e.error.message}`,
      ),
    };
  }
  const determining = diagnostics.reason.map((id) => policies.get(id)!);
  if (decision === 'allow' || determining.length > 0) return decisionOf(decision, determining, req.model);
  const unmet = [...policies.values()].filter(
    (p) => p.effect === 'permit' && (p.actions === null || p.actions.includes(req.action)),
  );
  const denied =
    unmet.length > 0
      ? decisionOf('deny', unmet, req.model)
      : {
          decision: 'deny' as const,
          ruleIds: ['default-deny'],
          citations: [],
          reasons: ['No rule permits this action.'],
        };
  if (req.anonymous) denied.reasons.unshift('Sign in first.');
  return denied;
}

/** Every loaded policy, in file order: for the "what may this officer do" page and for tests. */
export function policyCatalogue(): PolicyInfo[] {
  return [...loadAuthority().policies.values()];
}
