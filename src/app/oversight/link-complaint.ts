/**
 * Links a complaint to the officers, cases and agreements it is about. Every linked record must
 * belong to the complaint's agency; a complaint filed without a known agency is first assigned
 * one (by ICE, since no agency yet holds it).
 */
import type { Actor } from '../../domain/actor.ts';
import { UUID } from '../../domain/ids.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import { findCase } from '../../store/casework.ts';
import { findMoa } from '../../store/moas.ts';
import { findOfficer } from '../../store/officers.ts';
import * as oversight from '../../store/oversight.ts';
import { findAgency } from '../../store/registry.ts';
import type { Deps } from '../deps.ts';
import { complaintStep } from './complaint-step.ts';

export interface LinkInput {
  officerIds?: string[] | undefined;
  caseIds?: string[] | undefined;
  moaIds?: string[] | undefined;
}
export interface Links {
  officerIds: string[];
  caseIds: string[];
  moaIds: string[];
}

/** Checks that every linked record exists and belongs to the agency. */
export async function checkLinks(deps: Deps, agencyId: string, input: LinkInput): Promise<Result<Links>> {
  const unique = (ids: string[] | undefined) => [...new Set(ids ?? [])];
  const links: Links = {
    officerIds: unique(input.officerIds),
    caseIds: unique(input.caseIds),
    moaIds: unique(input.moaIds),
  };
  const wrong = (field: string) =>
    fail<Links>('invalid_input', `A linked ${field} is not a record of the complaint’s agency.`, {
      where: { field },
    });
  for (const id of links.officerIds) {
    const o = UUID.test(id) ? await findOfficer(deps.db, id) : null;
    if (o?.agencyId !== agencyId) return wrong('officerIds');
  }
  for (const id of links.caseIds) {
    const c = UUID.test(id) ? await findCase(deps.db, id) : null;
    if (c?.agencyId !== agencyId) return wrong('caseIds');
  }
  for (const id of links.moaIds) {
    const m = UUID.test(id) ? await findMoa(deps.db, id) : undefined;
    if (m?.agency_id !== agencyId) return wrong('moaIds');
  }
  return ok(links);
}

export async function linkComplaint(
  deps: Deps,
  actor: Actor,
  complaintId: string,
  input: LinkInput & { agencyId?: string | undefined },
) {
  return complaintStep(deps, actor, complaintId, 'link', async (complaint) => {
    let agencyId = complaint.agencyId;
    if (input.agencyId && input.agencyId !== agencyId) {
      if (agencyId)
        return fail('conflict', 'The complaint is already assigned to another agency.', {
          where: { field: 'agencyId' },
        });
      if (!UUID.test(input.agencyId) || !(await findAgency(deps.db, input.agencyId)))
        return fail('invalid_input', 'No agency has that id.', { where: { field: 'agencyId' } });
      agencyId = input.agencyId;
    }
    if (!agencyId)
      return fail('invalid_input', 'Assign the complaint to an agency before linking records.', {
        where: { field: 'agencyId' },
      });
    const checked = await checkLinks(deps, agencyId, input);
    if (!checked.ok) return checked;
    const merged: Links = {
      officerIds: [...new Set([...complaint.officerIds, ...checked.value.officerIds])],
      caseIds: [...new Set([...complaint.caseIds, ...checked.value.caseIds])],
      moaIds: [...new Set([...complaint.moaIds, ...checked.value.moaIds])],
    };
    return ok(async (tx, at) => {
      await oversight.updateComplaint(
        tx,
        complaintId,
        {
          agency_id: agencyId,
          officer_ids: merged.officerIds,
          case_ids: merged.caseIds,
          moa_ids: merged.moaIds,
        },
        at,
      );
      return {
        event: 'complaint.linked' as const,
        note: `${merged.officerIds.length} officer(s), ${merged.caseIds.length} case(s), ${merged.moaIds.length} agreement(s)`,
        data: {
          assignedAgencyId: agencyId,
          officerIds: merged.officerIds.join(','),
          caseIds: merged.caseIds.join(','),
          moaIds: merged.moaIds.join(','),
        },
      };
    });
  });
}
