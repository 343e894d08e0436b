/**
 * Which signed-in pages each role is offered. The server decides every request; this only keeps
 * the navigation to what a role may use.
 */
export type Area =
  | 'agreements'
  | 'officers'
  | 'nominate'
  | 'administer'
  | 'notifications'
  | 'screening'
  | 'review'
  | 'jail'
  | 'tasks'
  | 'cases'
  | 'field'
  | 'tfmReport'
  | 'reimbursement'
  | 'warrants'
  | 'wsoOversight'
  | 'complaints'
  | 'inspections'
  | 'committees';

const AREAS: Record<Area, readonly string[]> = {
  agreements: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin'],
  officers: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  nominate: ['program_office', 'lea_admin'],
  administer: ['program_office'],
  notifications: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  /** JEM casework (issue 4): the officer's screening queue, ICE's review queue, the jail's view. */
  screening: ['lea_officer', 'lea_admin', 'ice_supervisor'],
  review: ['ice_supervisor', 'program_office'],
  jail: ['lea_admin', 'lea_officer', 'ice_supervisor'],
  tasks: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  cases: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  /** TFM field work (issue 5): the officer's encounters and field cases; the supervisor report. */
  field: ['lea_officer'],
  tfmReport: ['ice_supervisor', 'program_office', 'inspector', 'lea_admin'],
  /** TFM reimbursement (issue 5): statements and claims for the agency, ICE's lead outcomes. */
  reimbursement: ['lea_admin', 'program_office', 'inspector', 'ice_supervisor'],
  /** WSO (issue 5): the lodged-warrant queue (a WSO officer's only work list) and the program view. */
  warrants: ['lea_officer', 'lea_admin', 'ice_supervisor', 'program_office', 'inspector'],
  wsoOversight: ['program_office', 'inspector'],
  /** Oversight (issue 8): the complaint queue (ICE; an agency coordinator for its own agency). */
  complaints: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin'],
  /**
   * Compliance inspections (authority engine: `inspection.manage`, the program office and
   * inspectors; `inspection.read`/`inspection.respond`, an agency's coordinator for its own).
   */
  inspections: ['program_office', 'inspector', 'lea_admin'],
  /** Steering committees (`committee.manage`: the program office; an agency's coordinator for its own). */
  committees: ['program_office', 'lea_admin'],
};

/** All a Warrant Service Officer is offered: no screening, interview, queries, drafting or field work. */
const WSO_OFFICER_AREAS: readonly Area[] = ['warrants', 'tasks', 'notifications', 'cases', 'officers'];

/**
 * `can`, knowing the officer's model (null for everyone but linked officers): a WSO officer is
 * offered the WSO areas only, and the warrants queue is an officer's only under the WSO model.
 */
export function canUse(role: string, model: string | null, area: Area): boolean {
  if (!can(role, area)) return false;
  if (role !== 'lea_officer') return true;
  if (model === 'WSO') return WSO_OFFICER_AREAS.includes(area);
  // Until the model is known, only what every officer has.
  if (model === 'loading') return WSO_OFFICER_AREAS.includes(area) && area !== 'warrants';
  return area !== 'warrants';
}

export function rolesFor(area: Area): readonly string[] {
  return AREAS[area];
}

export function can(role: string, area: Area): boolean {
  return AREAS[area].includes(role);
}

/** ICE roles see every agency; agency roles see their own. */
export function isIceRole(role: string): boolean {
  return role === 'program_office' || role === 'ice_supervisor' || role === 'inspector';
}
