/** The signed-in user as an inbox reader; anyone else is refused. */
import type { Actor } from '../../domain/actor.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import type { Reader } from '../../store/notifications.ts';

export function readerOf(actor: Actor): Result<Reader> {
  if (actor.kind !== 'user') return fail('unauthenticated', 'Sign in to continue.');
  return ok({ userId: actor.id, role: actor.role, agencyId: actor.agencyId });
}
