/**
 * Marks one inbox notice read. A notice the user may not see answers "not found", exactly as a
 * notice that does not exist. Marking a read notice again changes nothing and answers the first
 * time. The read mark is on the notice itself: a notice addressed to a role is read for everyone
 * holding that role (in that agency) once one of them has read it.
 */
import type { Actor } from '../../domain/actor.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import * as notifications from '../../store/notifications.ts';
import type { Deps } from '../deps.ts';
import { readerOf } from './reader.ts';

export async function markRead(
  deps: Deps,
  actor: Actor,
  input: { notificationId: string },
): Promise<Result<{ notificationId: string; readAt: string; unread: number }>> {
  const reader = readerOf(actor);
  if (!reader.ok) return reader;
  if (!UUID.test(input.notificationId))
    return fail('not_found', 'No notice with that id is addressed to you.');
  const at = deps.clock.now();
  const marked = await deps.db
    .transaction()
    .execute((tx) => notifications.markRead(tx, reader.value, input.notificationId, at));
  if (!marked) return fail('not_found', 'No notice with that id is addressed to you.');
  const unread = await notifications.unreadCountOf(deps.db, reader.value);
  return ok({ notificationId: input.notificationId, readAt: marked.readAt.toISOString(), unread });
}
