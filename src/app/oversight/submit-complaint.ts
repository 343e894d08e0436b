/**
 * The public complaint form (issue 8): anyone, without signing in, files a complaint about a
 * 287(g) officer or agency, in English or Spanish. The contact is optional (a complaint may be
 * anonymous). Returns the reference the complainant keeps.
 */
import type { Actor } from '../../domain/actor.ts';
import type { ComplaintLanguage } from '../../domain/oversight.ts';
import type { Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import type { ComplaintContent } from './complaint-input.ts';
import { type ReceivedComplaint, receiveComplaint } from './receive-complaint.ts';

export async function submitComplaint(
  deps: Deps,
  actor: Actor,
  input: ComplaintContent & { language: ComplaintLanguage; agencyId?: string | null | undefined },
): Promise<Result<ReceivedComplaint>> {
  const denied = await guard(deps, actor, 'complaint.submit');
  if (denied) return denied;
  return receiveComplaint(deps, actor, {
    ...input,
    channel: 'public_form',
    agencyId: input.agencyId ?? null,
  });
}
