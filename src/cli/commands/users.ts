/** `delegate users create|unlock`: account administration at the console. */
import type { Command } from 'commander';
import { Option } from 'commander';
import { createUser } from '../../app/accounts/create-user.ts';
import { unlockUser } from '../../app/accounts/unlock-user.ts';
import { ROLES, type Role } from '../../domain/actor.ts';
import { CliError, print, run, unwrap, withDeps } from '../run.ts';

async function readPassword(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError('pipe the new password on standard input (it is never taken as an argument).', 64);
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command) {
  const users = program.command('users').description('local accounts');
  const dataDir = () => program.opts().dataDir as string | undefined;

  users
    .command('create')
    .description('create a local account; the password is read from standard input')
    .requiredOption('--email <email>')
    .requiredOption('--name <name>', 'display name')
    .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
    .option('--agency <agencyId>', 'the agency, for agency roles')
    .action(async (opts: { email: string; name: string; role: Role; agency?: string }) => {
      const password = await readPassword();
      const created = await withDeps({ dataDir: dataDir(), holder: 'delegate users create' }, async (deps) =>
        unwrap(
          await createUser(deps, run.actor(), {
            email: opts.email,
            displayName: opts.name,
            role: opts.role,
            agencyId: opts.agency ?? null,
            password,
          }),
        ),
      );
      print(`account created: ${opts.email} (${opts.role}), id ${created.userId}`);
    });

  users
    .command('unlock')
    .description('unlock an account locked after repeated failed sign-ins')
    .argument('<email>')
    .action(async (email: string) => {
      await withDeps({ dataDir: dataDir(), holder: 'delegate users unlock' }, async (deps) =>
        unwrap(await unlockUser(deps, run.actor(), { email })),
      );
      print(`unlocked: ${email}`);
    });
}
