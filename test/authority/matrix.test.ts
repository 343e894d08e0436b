/**
 * The generated matrix: role × model × action × each precondition, with the expected decision
 * derived here, independently of the policies, from design/product.md's default authority
 * matrix and hard stops. Every denial must name exactly the expected rules and cite each one.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/authority/decide.ts';
import { parseScenario } from '../../src/authority/scenario.ts';
import { DELEGATED_ACTIONS, type DelegatedAction } from '../../src/authority/vocabulary.ts';
import { baseline, COLUMNS, type Column, isOfficer, VARIANTS, type Variant } from './scenarios.ts';

const Y = 'yes';
const WSO_NO = 'wso.functions-not-delegated';
const JAIL_ONLY = 'jail-models.no-warrantless-arrest';
const NO_SIGN = 'lea.no-warrant-signing';
const ICE_ONLY = 'lea.ice-functions';
const REVIEWS = 'ice.reviews-not-prepares';
const ISSUER = 'ice.warrant-issuer-only';

/**
 * product.md, "Default authority matrix": for each function, yes or the rule that says never.
 * ICE = ice_supervisor; signing a warrant needs the warrant_issuer flag. The ICE supervisor
 * approves what officers prepare (I-213, charging document) and takes custody; holding past
 * release is the jail's act on a detainer (n/a for TFM, — for ICE).
 */
// prettier-ignore
const MATRIX: Record<DelegatedAction, { JEM: string; WSO: string; TFM: string; ICE: string }> = {
  interview: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: Y },
  query_systems: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: Y },
  prepare_i213: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: REVIEWS },
  approve_i213: { JEM: ICE_ONLY, WSO: ICE_ONLY, TFM: ICE_ONLY, ICE: Y },
  prepare_charging_document: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: REVIEWS },
  sign_charging_document: { JEM: ICE_ONLY, WSO: ICE_ONLY, TFM: ICE_ONLY, ICE: Y },
  issue_detainer: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: Y },
  approve_detainer: { JEM: ICE_ONLY, WSO: ICE_ONLY, TFM: ICE_ONLY, ICE: Y },
  sign_warrant: { JEM: NO_SIGN, WSO: NO_SIGN, TFM: NO_SIGN, ICE: 'issuer' },
  serve_warrant: { JEM: Y, WSO: Y, TFM: Y, ICE: Y },
  warrantless_arrest: { JEM: JAIL_ONLY, WSO: JAIL_ONLY, TFM: Y, ICE: Y },
  administer_oath: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: Y },
  record_biometrics: { JEM: Y, WSO: WSO_NO, TFM: Y, ICE: Y },
  hold_past_release: { JEM: Y, WSO: Y, TFM: 'tfm.no-hold-past-release', ICE: 'ice.no-hold-past-release' },
  assume_custody: { JEM: ICE_ONLY, WSO: ICE_ONLY, TFM: ICE_ONLY, ICE: Y },
  transport: { JEM: Y, WSO: Y, TFM: Y, ICE: Y },
};

/** product.md hard stops: a citizenship review blocks the detainer, warrants, I-213 finalisation, charging, custody and transfer. */
const CITIZENSHIP_BLOCKS: ReadonlySet<DelegatedAction> = new Set([
  'approve_i213',
  'prepare_charging_document',
  'sign_charging_document',
  'sign_warrant',
  'serve_warrant',
  'issue_detainer',
  'approve_detainer',
  'hold_past_release',
  'assume_custody',
  'warrantless_arrest',
  'transport',
]);

/** The citation each rule must carry (legal citation or default-matrix clause id). */
const CITES: Record<string, string[]> = {
  [WSO_NO]: ['WSO-DEFAULT:functions-not-delegated'],
  [JAIL_ONLY]: ['8 U.S.C. §1357(a)(2)'],
  [NO_SIGN]: ['8 CFR 236.1(b)', '8 CFR 287.5(e)(2)'],
  [ICE_ONLY]: ['8 U.S.C. §1357(g)(3)'],
  [REVIEWS]: ['8 U.S.C. §1357(g)(3)'],
  [ISSUER]: ['8 CFR 236.1(b)', '8 CFR 287.5(e)(2)'],
  'tfm.no-hold-past-release': ['TFM-DEFAULT:no-jail-hold'],
  'ice.no-hold-past-release': ['8 CFR 287.7(d)'],
  'lea-admin.no-delegated-authority': ['8 U.S.C. §1357(g)(5)'],
  'oversight-roles.no-enforcement': ['DELEGATE:roles'],
  'authorization.none': ['8 U.S.C. §1357(g)(5)'],
  'authorization.ended': ['8 U.S.C. §1357(g)(5)'],
  'authorization.not-started': ['8 U.S.C. §1357(g)(5)'],
  'authorization.suspended': ['MOA-DEFAULT:suspension'],
  'authorization.outside-powers': ['8 U.S.C. §1357(g)(5)'],
  'authorization.model-mismatch': ['8 U.S.C. §1357(g)(5)'],
  'certification.missing': ['8 U.S.C. §1357(g)(2)'],
  'certification.refresher-lapsed': ['8 U.S.C. §1357(g)(2)', 'MOA-DEFAULT:refresher-training'],
  'agreement.terminated': ['MOA-DEFAULT:termination'],
  'agreement.superseded': ['MOA-DEFAULT:supersession'],
  'agreement.expired': ['MOA-DEFAULT:duration'],
  'agreement.not-in-force': ['8 U.S.C. §1357(g)(1)'],
  'agreement.narrowed': ['MOA-VERSION:narrowing'],
  'place.facility-not-listed': ['8 U.S.C. §1357(g)(1)'],
  'place.booking-required': ['8 U.S.C. §1357(g)(1)'],
  'place.outside-area': ['TFM-DEFAULT:area-of-responsibility'],
  'overlay.civil-holds-forbidden': ['8 U.S.C. §1357(g)(1)', 'JURISDICTION:civil-holds-forbidden'],
  'hardstop.juvenile': ['Flores Settlement Agreement'],
  'hardstop.citizenship-review': ['ICE Directive 16001.2'],
  'hardstop.protected-1367': ['8 U.S.C. §1367'],
};

/** The officer preconditions each variant breaks (design/product.md: "Every delegated action additionally requires…"). */
const OFFICER_PRECONDITION: Partial<Record<Variant, (model: string) => string | null>> = {
  'authorization expired': () => 'authorization.ended',
  'authorization not started': () => 'authorization.not-started',
  'no authorization': () => 'authorization.none',
  'authorization suspended': () => 'authorization.suspended',
  'powers exclude the action': () => 'authorization.outside-powers',
  'not certified': () => 'certification.missing',
  'certification lapsed (cadence 365)': () => 'certification.refresher-lapsed',
  'agreement terminated': () => 'agreement.terminated',
  'agreement superseded': () => 'agreement.superseded',
  'agreement expired': () => 'agreement.expired',
  'agreement draft': () => 'agreement.not-in-force',
  'agreement not yet effective': () => 'agreement.not-in-force',
  'agreement narrows the action': () => 'agreement.narrowed',
  'agreement of another model': () => 'authorization.model-mismatch',
  'facility unlisted': (m) => (m === 'TFM' ? null : 'place.facility-not-listed'),
  'subject not booked': (m) => (m === 'TFM' ? null : 'place.booking-required'),
  'area outside': (m) => (m === 'TFM' ? 'place.outside-area' : null),
};

/** The rules that must deny, derived from the tables above; empty means allow. */
function expectedRules(column: Column, action: DelegatedAction, variant: Variant): string[] {
  const rules: string[] = [];
  if (column === 'lea_admin') {
    rules.push('lea-admin.no-delegated-authority');
    if (action === 'sign_warrant') rules.push(NO_SIGN);
  } else if (column === 'program_office' || column === 'inspector' || column === 'auditor') {
    rules.push('oversight-roles.no-enforcement');
  } else if (isOfficer(column)) {
    const cell = MATRIX[action][column];
    if (cell !== Y) rules.push(cell);
    const pre = OFFICER_PRECONDITION[variant]?.(column);
    if (pre) rules.push(pre);
  } else {
    const cell = MATRIX[action].ICE;
    if (cell === 'issuer') {
      if (column !== 'ice_supervisor+issuer') rules.push(ISSUER);
    } else if (cell !== Y) rules.push(cell);
  }
  if (variant === 'subject under 18') rules.push('hardstop.juvenile');
  if (variant === 'citizenship review open' && CITIZENSHIP_BLOCKS.has(action))
    rules.push('hardstop.citizenship-review');
  if (variant === 'protected under §1367') rules.push('hardstop.protected-1367');
  if (variant === 'overlay: no civil holds' && action === 'hold_past_release')
    rules.push('overlay.civil-holds-forbidden');
  return rules;
}

describe('authority matrix: role × model × action × precondition', () => {
  for (const column of COLUMNS) {
    for (const variant of Object.keys(VARIANTS) as Variant[]) {
      it(`${column}, ${variant}`, () => {
        for (const action of DELEGATED_ACTIONS) {
          const scenario = VARIANTS[variant](baseline(column, action));
          const parsed = parseScenario(scenario);
          expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
          const got = decide(scenario);
          const want = expectedRules(column, action, variant);
          const label = `${column} ${action} (${variant})`;
          expect(got.decision, `${label}: ${JSON.stringify(got)}`).toBe(want.length ? 'deny' : 'allow');
          expect(got.ruleIds.length, label).toBe(got.reasons.length);
          expect(got.citations.length, `${label}: every decision cites`).toBeGreaterThan(0);
          if (want.length === 0) continue;
          expect([...got.ruleIds].sort(), label).toEqual([...new Set(want)].sort());
          for (const rule of want) {
            for (const citation of CITES[rule] ?? ['(missing from CITES)']) {
              expect(got.citations, `${label}: ${rule} cites ${citation}`).toContain(citation);
            }
          }
        }
      });
    }
  }

  it('a WSO officer serves a warrant in an IGSA facility and holds under the IGSA', () => {
    const s = VARIANTS['facility has an IGSA'](baseline('WSO', 'hold_past_release'));
    expect(decide(s)).toMatchObject({ decision: 'allow', ruleIds: ['grant.hold-past-release.wso-igsa'] });
    expect(decide(baseline('WSO', 'hold_past_release'))).toMatchObject({
      decision: 'allow',
      ruleIds: ['grant.hold-past-release.wso'],
    });
  });

  it('powers never widen the matrix: a WSO whose authorization lists interview is still refused', () => {
    const s = VARIANTS['powers list the action'](baseline('WSO', 'interview'));
    expect(decide(s)).toMatchObject({ decision: 'deny', ruleIds: [WSO_NO] });
  });
});
