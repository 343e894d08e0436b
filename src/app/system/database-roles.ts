/**
 * The SQL that sets up separate database roles on native PostgreSQL (security.md R19): the
 * owner runs migrations, the application role cannot change audit rows or run DDL. Printed by
 * `delegate db roles` for an operator to review and run with psql; nothing is executed here.
 */
import { fail, ok, type Result } from '../../domain/result.ts';
import { appRoleGrantsSql, createRolesSql } from '../../store/roles.ts';

export function databaseRolesSql(options: {
  appRole: string;
  ownerRole: string;
  database: string;
  create: boolean;
}): Result<string> {
  try {
    return ok(options.create ? createRolesSql(options) : appRoleGrantsSql(options));
  } catch (error) {
    return fail('invalid_input', (error as Error).message);
  }
}
