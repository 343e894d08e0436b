/**
 * Loads the synthetic demo: registry lists of all three models and one account per role.
 * Runs once per database; a second call changes nothing.
 */
import type { Actor, Role } from '../../domain/actor.ts';
import { ok, type Result } from '../../domain/result.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import * as registry from '../../store/registry.ts';
import { createUser } from '../accounts/create-user.ts';
import { enrolTotpForDemo } from '../accounts/enrol-totp.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { seedDemoOversight } from '../oversight/seed-demo-oversight.ts';
import { buildPublicRelease } from '../public/build-public-release.ts';
import { checkAndWriteLists } from '../registry/import-agreement-lists.ts';
import { seedDemoAuthority } from './seed-demo-authority.ts';
import { seedDemoBookings } from './seed-demo-bookings.ts';
import { seedDemoEncounters } from './seed-demo-encounters.ts';
import { seedDemoReimbursement } from './seed-demo-reimbursement.ts';
import { seedDemoWso } from './seed-demo-wso.ts';
import { syntheticLists } from './synthetic-registry.ts';

/** Printed by `npm start`; demo accounts exist only in a demo database. */
export const DEMO_PASSWORD = 'river-lantern-1187';

/**
 * The TOTP key of every demo account (Base32, 160 bits), printed by `npm start` so a person can
 * add it to an authenticator app. Synthetic and published: it protects nothing but demo data.
 */
export const DEMO_TOTP_SECRET = 'DELEGATEDEMOTOTPSECRETONLY234567';

export const DEMO_USERS: Array<{
  email: string;
  displayName: string;
  role: Role;
  warrantIssuer?: boolean;
  /** Agency roles belong to the JEM/TFM demo agency unless they say `wso`. */
  agency?: 'wso';
}> = [
  { email: 'program@demo.delegate.test', displayName: 'Program Office (demo)', role: 'program_office' },
  {
    email: 'supervisor@demo.delegate.test',
    displayName: 'ICE Supervisor (demo)',
    role: 'ice_supervisor',
    warrantIssuer: true,
  },
  { email: 'coordinator@demo.delegate.test', displayName: 'LEA Coordinator (demo)', role: 'lea_admin' },
  { email: 'officer@demo.delegate.test', displayName: 'JEM Officer (demo)', role: 'lea_officer' },
  { email: 'inspector@demo.delegate.test', displayName: 'Inspector (demo)', role: 'inspector' },
  { email: 'auditor@demo.delegate.test', displayName: 'Auditor (demo)', role: 'auditor' },
  { email: 'tfm-officer@demo.delegate.test', displayName: 'TFM Officer (demo)', role: 'lea_officer' },
  {
    email: 'wso-officer@demo.delegate.test',
    displayName: 'WSO Officer (demo)',
    role: 'lea_officer',
    agency: 'wso',
  },
  {
    email: 'wso-coordinator@demo.delegate.test',
    displayName: 'WSO Agency Coordinator (demo)',
    role: 'lea_admin',
    agency: 'wso',
  },
];

export async function seedDemo(deps: Deps, actor: Actor): Promise<Result<{ seeded: boolean }>> {
  const denied = await guard(deps, actor, 'demo.seed');
  if (denied) return denied;
  if (await accounts.findUserByEmail(deps.db, DEMO_USERS[0]!.email)) return ok({ seeded: false });

  const lists = syntheticLists();
  const imported = await checkAndWriteLists(deps, actor, lists);
  if (!imported.ok) return imported;
  const first = lists[0]!.rows[0]!;
  const agencyId = await registry.agencyIdByName(deps.db, first.state, first.agencyName);
  // A second agency, in the WSO model, for the warrant-service demo.
  const wsoRow = lists[0]!.rows.find((r) => r.model === 'WSO' && r.agencyName !== first.agencyName)!;
  const wsoAgencyId = await registry.agencyIdByName(deps.db, wsoRow.state, wsoRow.agencyName);
  const userIds: Record<string, string> = {};
  for (const u of DEMO_USERS) {
    const lea = u.role === 'lea_admin' || u.role === 'lea_officer';
    const created = await createUser(deps, actor, {
      ...u,
      agencyId: lea ? (u.agency === 'wso' ? wsoAgencyId : agencyId) : null,
      password: DEMO_PASSWORD,
    });
    if (!created.ok) return created;
    userIds[u.email] = created.value.userId;
    const enrolled = await enrolTotpForDemo(deps, actor, {
      userId: created.value.userId,
      secret: DEMO_TOTP_SECRET,
    });
    if (!enrolled.ok) return enrolled;
  }
  const authority = await seedDemoAuthority(deps, actor, agencyId!, first.county, {
    officerUserId: userIds['officer@demo.delegate.test'] ?? null,
    tfmOfficerUserId: userIds['tfm-officer@demo.delegate.test'] ?? null,
  });
  if (!authority.ok) return authority;
  const wso = await seedDemoWso(deps, actor, wsoAgencyId!, wsoRow.county, {
    officerUserId: userIds['wso-officer@demo.delegate.test'] ?? null,
  });
  if (!wso.ok) return wso;
  const bookings = await seedDemoBookings(deps, actor, agencyId!);
  if (!bookings.ok) return bookings;
  const reimbursement = await seedDemoReimbursement(deps, actor, agencyId!);
  if (!reimbursement.ok) return reimbursement;
  const encounters = await seedDemoEncounters(deps, actor);
  if (!encounters.ok) return encounters;
  // An inspection and a steering-committee meeting with action items for the coordinator's agency.
  const oversightRecords = await seedDemoOversight(deps, actor, agencyId!);
  if (!oversightRecords.ok) return oversightRecords;
  // The public dashboard serves the latest release that passed its disclosure check.
  const release = await buildPublicRelease(deps, actor);
  if (!release.ok) return release;
  const agencies = new Set(lists.flatMap((l) => l.rows.map((r) => `${r.state}|${r.agencyName}`))).size;
  const auditId = await deps.db.transaction().execute((tx) =>
    appendAudit(tx, actor, deps.clock.now(), {
      type: 'demo.seeded',
      resource: null,
      data: { agencies, users: DEMO_USERS.length, snapshots: lists.length },
    }),
  );
  return ok({ seeded: true }, auditId);
}
