/**
 * `delegate authority check FILE.json [--json]`: decides one authority scenario, or an array of
 * them, as counsel and training write them (issue 3's fixed format). No database: the scenario
 * carries everything the decision needs, its time included.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { decide } from '../../authority/decide.ts';
import { type AuthorityScenario, parseScenarios } from '../../authority/scenario.ts';
import type { AuthorityDecision } from '../../authority/vocabulary.ts';
import { CliError, print, printJson } from '../run.ts';

function readScenarios(file: string): { scenarios: AuthorityScenario[]; array: boolean } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code})`}`, 66);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file}: not JSON: ${(error as Error).message.split('\n')[0]}`, 65);
  }
  const parsed = parseScenarios(json);
  if (!parsed.ok) throw new CliError(`${file}: ${parsed.message}`, 65);
  return parsed;
}

function render(n: number, s: AuthorityScenario, d: AuthorityDecision) {
  const who = s.actor.model ? `${s.actor.role} (${s.actor.model})` : s.actor.role;
  print(`${n}. ${s.action} by ${who} at ${s.at}: ${d.decision.toUpperCase()}`);
  d.ruleIds.forEach((id, i) => {
    print(`   ${id}: ${d.reasons[i]}`);
  });
  if (d.citations.length) print(`   cites: ${d.citations.join('; ')}`);
}

export function registerAuthorityCommands(program: Command) {
  const authority = program.command('authority').description('the authority engine');
  authority
    .command('check')
    .description('decide authority scenarios (one scenario or an array, as JSON) without the database')
    .argument('<file>', 'scenario file (.json)')
    .option('--json', 'print {decision, ruleIds, citations, reasons}, or an array of them in input order')
    .action((file: string, opts: { json?: boolean }) => {
      const { scenarios, array } = readScenarios(file);
      const decisions = scenarios.map((s) => decide(s));
      if (opts.json) {
        printJson(array ? decisions : decisions[0]);
        return;
      }
      scenarios.forEach((s, i) => {
        render(i + 1, s, decisions[i]!);
      });
    });
}
