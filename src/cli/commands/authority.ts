/**
 * `delegate authority check FILE.json [--json]`: decides one authority scenario, or an array of
 * them, as counsel and training write them (issue 3's fixed format). No database: the scenario
 * carries everything the decision needs, its time included.
 */
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { explainOfficerAuthority } from '../../app/officers/explain-officer-authority.ts';
import { decide } from '../../authority/decide.ts';
import { type AuthorityScenario, parseScenarios } from '../../authority/scenario.ts';
import type { AuthorityDecision } from '../../authority/vocabulary.ts';
import { DELEGATED_ACTIONS } from '../../authority/vocabulary.ts';
import { CliError, print, printJson, run, unwrap, withDeps } from '../run.ts';

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

  authority
    .command('explain')
    .description('what an officer may do, here and now, and why (from the records and the engine)')
    .requiredOption('--officer <id>', 'officer id')
    .addOption(
      new Option('--action <action>', 'one delegated action (default: all)').choices([...DELEGATED_ACTIONS]),
    )
    .option('--facility <code>', 'facility code where the action would happen')
    .option('--jurisdiction <name>', 'jurisdiction where the action would happen (TFM)')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        officer: string;
        action?: string;
        facility?: string;
        jurisdiction?: string;
        json?: boolean;
      }) => {
        const explained = await withDeps(
          { dataDir: program.opts().dataDir, holder: 'delegate authority explain' },
          async (deps) =>
            unwrap(
              await explainOfficerAuthority(deps, run.actor(), {
                officerId: opts.officer,
                facility: opts.facility,
                jurisdiction: opts.jurisdiction,
              }),
            ),
        );
        const decisions = explained.decisions.filter((d) => !opts.action || d.action === opts.action);
        if (opts.json) {
          printJson({ ...explained, decisions });
          return;
        }
        const o = explained.officer;
        const where = explained.place.facility ?? explained.place.jurisdiction ?? 'no place given';
        print(`${o.displayName} (${o.model}, ${o.stage}) at ${where}, ${explained.at}:`);
        for (const d of decisions) {
          print(`  ${d.decision === 'allow' ? 'ALLOW' : 'DENY '} ${d.action}`);
          d.ruleIds.forEach((id, i) => {
            print(`        ${id}: ${d.reasons[i]}`);
          });
          if (d.citations.length) print(`        cites: ${d.citations.join('; ')}`);
        }
      },
    );
}
