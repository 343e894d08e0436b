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
  | 'cases';

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
};

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
