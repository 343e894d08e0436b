/** Closes a complaint with the outcome of its investigation and a summary of it. */
import type { Actor } from '../../domain/actor.ts';
import type { ComplaintOutcome } from '../../domain/oversight.ts';
import { fail, ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { complaintStep } from './complaint-step.ts';

export function closeComplaint(
  deps: Deps,
  actor: Actor,
  complaintId: string,
  input: { outcome: ComplaintOutcome; summary: string },
) {
  return complaintStep(deps, actor, complaintId, 'close', async () => {
    const summary = input.summary.trim();
    if (!summary) return fail('invalid_input', 'Summarize the outcome.', { where: { field: 'summary' } });
    return ok(async (tx, at) => {
      await oversight.updateComplaint(
        tx,
        complaintId,
        { status: 'closed', closed_at: at, outcome: input.outcome },
        at,
      );
      return { event: 'complaint.closed' as const, note: summary, data: { outcome: input.outcome } };
    });
  });
}
