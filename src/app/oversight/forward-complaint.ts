/**
 * Forwards a complaint to ICE's Office of Professional Responsibility (OPR) for intake, with
 * OPR's reference when it has given one. The program office sees the forwarded queue.
 */
import type { Actor } from '../../domain/actor.ts';
import { ok } from '../../domain/result.ts';
import * as oversight from '../../store/oversight.ts';
import type { Deps } from '../deps.ts';
import { complaintStep } from './complaint-step.ts';

export function forwardComplaint(
  deps: Deps,
  actor: Actor,
  complaintId: string,
  input: { oprReference?: string | null | undefined; note?: string | undefined },
) {
  return complaintStep(deps, actor, complaintId, 'forward', async (complaint) =>
    ok(async (tx, at) => {
      const oprReference = input.oprReference?.trim() || null;
      await oversight.updateComplaint(
        tx,
        complaintId,
        {
          status: 'forwarded',
          forwarded_at: at,
          opr_reference: oprReference,
          ...(complaint.acknowledgedAt ? {} : { acknowledged_at: at }),
        },
        at,
      );
      return {
        event: 'complaint.forwarded' as const,
        note: input.note?.trim() || (oprReference ? `OPR reference ${oprReference}` : 'Forwarded to ICE OPR'),
        data: { oprReference },
      };
    }),
  );
}
