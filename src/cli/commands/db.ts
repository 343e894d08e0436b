/** `delegate db roles`: the SQL for separate owner and application roles (R19). */
import type { Command } from 'commander';
import { databaseRolesSql } from '../../app/system/database-roles.ts';
import { print, unwrap } from '../run.ts';

export function registerDbCommands(program: Command) {
  const db = program.command('db').description('native PostgreSQL administration');
  db.command('roles')
    .description(
      'print the SQL giving the application role no UPDATE/DELETE/TRUNCATE on audit rows and no DDL (run it with psql as the owner, after every migration)',
    )
    .requiredOption('--database <name>', 'the Delegate database')
    .option('--app-role <name>', 'the role `serve` connects as', 'delegate_app')
    .option('--owner-role <name>', 'the role that runs migrations and owns the tables', 'delegate_owner')
    .option(
      '--create',
      'print instead CREATE ROLE for both roles and hand the database to the owner (once, as a superuser, before migrating)',
    )
    .action((opts: { database: string; appRole: string; ownerRole: string; create?: boolean }) => {
      print(unwrap(databaseRolesSql({ ...opts, create: opts.create === true })).trimEnd());
    });
}
