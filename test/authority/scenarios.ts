/** Scenario builders for the authority tests: a baseline where every precondition holds. */
import type { AuthorityScenario } from '../../src/authority/scenario.ts';
import type { AuthorityModel } from '../../src/authority/vocabulary.ts';
import type { Role } from '../../src/domain/actor.ts';

export const AT = '2026-03-01T12:00:00Z';

export type Column =
  | 'JEM'
  | 'WSO'
  | 'TFM'
  | 'ice_supervisor+issuer'
  | 'ice_supervisor'
  | 'lea_admin'
  | 'program_office'
  | 'inspector'
  | 'auditor';

export const COLUMNS: Column[] = [
  'JEM',
  'WSO',
  'TFM',
  'ice_supervisor+issuer',
  'ice_supervisor',
  'lea_admin',
  'program_office',
  'inspector',
  'auditor',
];

export const isOfficer = (c: Column): c is AuthorityModel => c === 'JEM' || c === 'WSO' || c === 'TFM';

/** A scenario for the column where everything is in order: the officer is authorized, certified, current, at a listed place under an agreement in force; the subject is a booked adult with no stop. */
export function baseline(column: Column, action: AuthorityScenario['action']): AuthorityScenario {
  const model: AuthorityModel = isOfficer(column) ? column : 'JEM';
  const role: Role = isOfficer(column)
    ? 'lea_officer'
    : column === 'ice_supervisor+issuer'
      ? 'ice_supervisor'
      : column;
  return {
    at: AT,
    agreement: {
      model,
      status: 'active',
      effective: '2025-01-01',
      end: null,
      refresherCadenceDays: 730,
      facilities: ['F1'],
      areaJurisdictions: model === 'TFM' ? ['J1'] : [],
      civilHoldsForbidden: false,
      igsaFacilities: [],
      narrowedActions: [],
    },
    actor: {
      role,
      model: isOfficer(column) ? column : null,
      certifiedOn: isOfficer(column) ? '2025-02-01' : null,
      lastRefresherOn: null,
      authorization: isOfficer(column)
        ? { start: '2025-02-01', end: '2027-02-01', suspended: false, powers: null }
        : null,
      warrantIssuer: column === 'ice_supervisor+issuer',
    },
    action,
    place: model === 'TFM' ? { facility: null, jurisdiction: 'J1' } : { facility: 'F1', jurisdiction: null },
    subject: { dob: '1990-01-01', citizenshipReviewOpen: false, protected1367: false, booked: true },
  };
}

const AUTH = { start: '2025-02-01', end: '2027-02-01', suspended: false, powers: null };

/** One change to the baseline: a precondition that fails (or holds differently). */
export const VARIANTS = {
  baseline: (s: AuthorityScenario) => s,
  'authorization expired': (s: AuthorityScenario) => ({
    ...s,
    actor: { ...s.actor, authorization: { ...(s.actor.authorization ?? AUTH), end: '2026-02-28' } },
  }),
  'authorization not started': (s: AuthorityScenario) => ({
    ...s,
    actor: { ...s.actor, authorization: { ...(s.actor.authorization ?? AUTH), start: '2026-03-02' } },
  }),
  'no authorization': (s: AuthorityScenario) => ({ ...s, actor: { ...s.actor, authorization: null } }),
  'authorization suspended': (s: AuthorityScenario) => ({
    ...s,
    actor: { ...s.actor, authorization: { ...(s.actor.authorization ?? AUTH), suspended: true } },
  }),
  'powers exclude the action': (s: AuthorityScenario) => ({
    ...s,
    actor: {
      ...s.actor,
      authorization: {
        ...(s.actor.authorization ?? AUTH),
        powers: [s.action === 'transport' ? 'interview' : 'transport'],
      },
    },
  }),
  'powers list the action': (s: AuthorityScenario) => ({
    ...s,
    actor: { ...s.actor, authorization: { ...(s.actor.authorization ?? AUTH), powers: [s.action] } },
  }),
  'not certified': (s: AuthorityScenario) => ({ ...s, actor: { ...s.actor, certifiedOn: null } }),
  'certification lapsed (cadence 365)': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, refresherCadenceDays: 365 },
  }),
  'refresher recorded (cadence 365)': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, refresherCadenceDays: 365 },
    actor: { ...s.actor, lastRefresherOn: '2026-01-15' },
  }),
  'agreement terminated': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, status: 'terminated' as const, end: '2026-03-01T10:00:00Z' },
  }),
  'agreement superseded': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, status: 'superseded' as const, end: '2026-02-01' },
  }),
  'agreement expired': (s: AuthorityScenario) => ({ ...s, agreement: { ...s.agreement, end: '2026-02-28' } }),
  'agreement draft': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, status: 'draft' as const },
  }),
  'agreement not yet effective': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, effective: '2026-06-01' },
  }),
  'facility unlisted': (s: AuthorityScenario) => ({ ...s, place: { ...s.place, facility: 'F9' } }),
  'area outside': (s: AuthorityScenario) => ({ ...s, place: { ...s.place, jurisdiction: 'J9' } }),
  'subject not booked': (s: AuthorityScenario) => ({ ...s, subject: { ...s.subject, booked: false } }),
  'subject under 18': (s: AuthorityScenario) => ({ ...s, subject: { ...s.subject, dob: '2010-06-01' } }),
  'citizenship review open': (s: AuthorityScenario) => ({
    ...s,
    subject: { ...s.subject, citizenshipReviewOpen: true },
  }),
  'protected under §1367': (s: AuthorityScenario) => ({
    ...s,
    subject: { ...s.subject, protected1367: true },
  }),
  'overlay: no civil holds': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, civilHoldsForbidden: true },
  }),
  'agreement narrows the action': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, narrowedActions: [s.action] },
  }),
  'agreement of another model': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, model: s.agreement.model === 'TFM' ? ('JEM' as const) : ('TFM' as const) },
  }),
  'facility has an IGSA': (s: AuthorityScenario) => ({
    ...s,
    agreement: { ...s.agreement, igsaFacilities: ['F1'] },
  }),
} satisfies Record<string, (s: AuthorityScenario) => AuthorityScenario>;

export type Variant = keyof typeof VARIANTS;
