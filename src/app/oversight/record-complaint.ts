/**
 * Staff intake of a complaint received by telephone, on paper or in person: the same content as
 * the public form, always for a named agency, optionally linked at once to officers, cases and
 * agreements of that agency. ICE records for any agency; an agency's coordinator for its own.
 */
import type { Actor } from '../../domain/actor.ts';
import { UUID } from '../../domain/ids.ts';
import type { ComplaintLanguage, StaffChannel } from '../../domain/oversight.ts';
import { fail, type Result } from '../../domain/result.ts';
import { findAgency } from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import type { ComplaintContent } from './complaint-input.ts';
import { checkLinks, type LinkInput } from './link-complaint.ts';
import { type ReceivedComplaint, receiveComplaint } from './receive-complaint.ts';

export async function recordComplaint(
  deps: Deps,
  actor: Actor,
  input: ComplaintContent & {
    channel: StaffChannel;
    language: ComplaintLanguage;
    agencyId: string;
    links?: LinkInput | undefined;
  },
): Promise<Result<ReceivedComplaint>> {
  const agency = UUID.test(input.agencyId) ? await findAgency(deps.db, input.agencyId) : undefined;
  if (!agency) return fail('not_found', 'No agency has that id.');
  const denied = await guard(deps, actor, 'complaint.manage', {
    type: 'agency',
    id: input.agencyId,
    agencyId: input.agencyId,
  });
  if (denied) return denied;
  const links = await checkLinks(deps, input.agencyId, input.links ?? {});
  if (!links.ok) return links;
  return receiveComplaint(deps, actor, { ...input, links: links.value });
}
