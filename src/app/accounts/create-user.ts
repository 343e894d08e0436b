/** Creates a local account with an argon2id password hash. */
import { v7 as uuidv7 } from 'uuid';
import { type Actor, ROLES, type Role } from '../../domain/actor.ts';
import { passwordProblem } from '../../domain/passwords.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as accounts from '../../store/accounts.ts';
import { appendAudit } from '../../store/audit.ts';
import * as registry from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { hashPassword } from './passwords.ts';
import { requireRecentAuth } from './recent-auth.ts';

export interface NewUser {
  email: string;
  displayName: string;
  role: Role;
  agencyId?: string | null;
  password: string;
  /** ICE officers listed in 8 CFR 287.5(e)(2), who issue and sign I-200 / I-205. */
  warrantIssuer?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function createUser(
  deps: Deps,
  actor: Actor,
  input: NewUser,
): Promise<Result<{ userId: string }>> {
  const denied = await guard(deps, actor, 'user.create');
  if (denied) return denied;
  const stale = requireRecentAuth(deps, actor, 'user.create');
  if (stale) return stale;
  if (!EMAIL.test(input.email))
    return fail('invalid_input', 'email is not an email address.', { where: { field: 'email' } });
  if (!ROLES.includes(input.role))
    return fail('invalid_input', `role must be one of ${ROLES.join(', ')}.`, { where: { field: 'role' } });
  const agency = input.agencyId ? await registry.findAgency(deps.db, input.agencyId) : null;
  if (input.agencyId && !agency)
    return fail('not_found', 'No agency has that id.', { where: { field: 'agencyId' } });
  if (input.warrantIssuer && input.role !== 'ice_supervisor')
    return fail(
      'invalid_input',
      'warrantIssuer: only an ICE supervisor may be a warrant issuer (8 CFR 287.5(e)(2)).',
      {
        where: { field: 'warrantIssuer' },
      },
    );
  const weak = passwordProblem(input.password, {
    email: input.email,
    displayName: input.displayName,
    agencyName: agency?.name,
  });
  if (weak) return fail('invalid_input', `password: ${weak}`, { where: { field: 'password' } });
  if (await accounts.findUserByEmail(deps.db, input.email)) {
    return fail('conflict', 'An account with that email already exists.', { where: { field: 'email' } });
  }
  const userId = uuidv7();
  const passwordHash = await hashPassword(input.password);
  const now = deps.clock.now();
  const auditId = await deps.db.transaction().execute(async (tx) => {
    await accounts.insertUser(
      tx,
      {
        userId,
        email: input.email,
        displayName: input.displayName,
        role: input.role,
        agencyId: input.agencyId ?? null,
        passwordHash,
        warrantIssuer: input.warrantIssuer ?? false,
      },
      now,
    );
    return appendAudit(tx, actor, now, {
      type: 'user.created',
      resource: { type: 'user', id: userId },
      data: {
        role: input.role,
        agencyId: input.agencyId ?? null,
        warrantIssuer: input.warrantIssuer ?? false,
      },
    });
  });
  return ok({ userId }, auditId);
}
