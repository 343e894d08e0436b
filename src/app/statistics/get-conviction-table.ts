/**
 * The conviction-category table of issue 8 for a date window, optionally one model and one
 * state, read from the rollups. Exact counts: for ICE's program office, supervisors and
 * inspectors (`stats.read`). If encounters were committed but not yet folded into the rollups
 * (an import stopped between its commit and its refresh), the refresh runs first, so the table
 * never silently lags the records.
 */
import type { Actor } from '../../domain/actor.ts';
import { isIsoDate } from '../../domain/clock.ts';
import { US_STATE_CODES } from '../../domain/encounters-file.ts';
import type { Model } from '../../domain/registry.ts';
import { fail, ok, type Result } from '../../domain/result.ts';
import {
  type ConvictionTable,
  type ConvictionTableQuery,
  convictionTable,
  isModel,
} from '../../domain/statistics.ts';
import { rollupCounts } from '../../store/encounters.ts';
import { rollupFreshness } from '../../store/measures.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { catchUpRollups } from './refresh-rollups.ts';

export interface ConvictionTableInput {
  from: string;
  to: string;
  model?: string | undefined;
  state?: string | undefined;
}

/** The query, or the one-line reason the input is not one. */
export function checkConvictionTableInput(
  input: ConvictionTableInput,
): { ok: true; query: ConvictionTableQuery } | { ok: false; message: string; field: string } {
  for (const field of ['from', 'to'] as const) {
    if (!isIsoDate(input[field]))
      return { ok: false, field, message: `${field} "${input[field]}" is not a date written YYYY-MM-DD.` };
  }
  if (input.from > input.to)
    return {
      ok: false,
      field: 'to',
      message: `the window ends (${input.to}) before it starts (${input.from}).`,
    };
  let model: Model | undefined;
  if (input.model !== undefined) {
    const m = input.model.toUpperCase();
    if (!isModel(m))
      return { ok: false, field: 'model', message: `model "${input.model}" is not JEM, WSO or TFM.` };
    model = m;
  }
  let state: string | undefined;
  if (input.state !== undefined) {
    state = input.state.toUpperCase();
    if (!US_STATE_CODES.has(state))
      return {
        ok: false,
        field: 'state',
        message: `state "${input.state}" is not a US state or territory code.`,
      };
  }
  return { ok: true, query: { from: input.from, to: input.to, model, state } };
}

export async function getConvictionTable(
  deps: Deps,
  actor: Actor,
  input: ConvictionTableInput,
): Promise<Result<ConvictionTable>> {
  const denied = await guard(deps, actor, 'stats.read');
  if (denied) return denied;
  const checked = checkConvictionTableInput(input);
  if (!checked.ok) return fail('invalid_input', checked.message, { where: { field: checked.field } });
  if ((await rollupFreshness(deps.db)).behind) await catchUpRollups(deps, actor);
  const counts = await rollupCounts(deps.db, checked.query);
  return ok(convictionTable(checked.query.from, checked.query.to, counts));
}
