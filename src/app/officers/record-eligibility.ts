/** Records one eligibility item (with evidence and date) for a nominated officer. */
import type { Actor } from '../../domain/actor.ts';
import { ELIGIBILITY_ITEMS, type EligibilityRecord } from '../../domain/officers.ts';
import { fail, ok } from '../../domain/result.ts';
import * as officers from '../../store/officers.ts';
import type { Deps } from '../deps.ts';
import { officerStep } from './officer-step.ts';

export function recordEligibility(deps: Deps, actor: Actor, officerId: string, record: EligibilityRecord) {
  return officerStep(deps, actor, officerId, 'officer.record_eligibility', null, async (officer) => {
    if (!ELIGIBILITY_ITEMS.includes(record.item))
      return fail('invalid_input', `Unknown eligibility item ${record.item}.`);
    if (!record.evidence.trim()) return fail('invalid_input', 'Give the evidence for the item.');
    if (officer.stage !== 'nominated') {
      return fail('conflict', 'The checklist is closed once ICE has decided; report a change instead.');
    }
    return ok(async (tx) => {
      await officers.recordEligibility(tx, officer, record, actor.id, deps.clock.now());
      return {
        event: 'officer.eligibility_recorded' as const,
        data: { item: record.item, satisfied: record.satisfied, dated: record.dated },
        notices: [],
      };
    });
  });
}
