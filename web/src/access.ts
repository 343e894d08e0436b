/**
 * Which signed-in pages each role is offered. The server decides every request; this only keeps
 * the navigation to what a role may use.
 */
export type Area = 'agreements' | 'officers' | 'nominate' | 'administer' | 'notifications';

const AREAS: Record<Area, readonly string[]> = {
  agreements: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin'],
  officers: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
  nominate: ['program_office', 'lea_admin'],
  administer: ['program_office'],
  notifications: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer'],
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
