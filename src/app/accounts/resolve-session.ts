/** Turns a session cookie into the acting user, refreshing its idle timer; or says why it cannot. */
import type { Actor, Role } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { sessionState } from '../../domain/session.ts';
import * as accounts from '../../store/accounts.ts';
import type { Deps } from '../deps.ts';
import type { AuthenticatedActor } from './recent-auth.ts';
import type { SignedInUser } from './sign-in.ts';
import { tokenHash } from './sign-in.ts';

export async function resolveSession(
  deps: Deps,
  token: string | undefined,
): Promise<Result<{ actor: Actor; user: SignedInUser }>> {
  const signIn = fail<never>('unauthenticated', 'Sign in to continue.');
  if (!token) return signIn;
  const hash = tokenHash(token);
  const s = await accounts.findSession(deps.db, hash);
  if (!s || s.disabled_at) return signIn;
  const now = deps.clock.now();
  const state = sessionState(
    {
      createdAt: new Date(s.created_at),
      lastSeenAt: new Date(s.last_seen_at),
      expiresAt: new Date(s.expires_at),
      endedAt: s.ended_at ? new Date(s.ended_at) : null,
    },
    now,
  );
  if (state !== 'active') {
    if (state !== 'ended') await accounts.endSession(deps.db, hash, now);
    return fail('unauthenticated', 'Your session has ended. Sign in again.');
  }
  await accounts.touchSession(deps.db, hash, now);
  const role = s.role as Role;
  // The last proof of the password and a second factor: the sign-in, or a later re-authentication (R7).
  const actor: AuthenticatedActor = {
    kind: 'user',
    id: s.user_id,
    role,
    agencyId: s.agency_id,
    authenticatedAt: new Date(s.reauthenticated_at ?? s.created_at),
  };
  return ok({
    actor,
    user: { userId: s.user_id, email: s.email, displayName: s.display_name, role, agencyId: s.agency_id },
  });
}
