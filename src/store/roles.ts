/**
 * Separate database roles on native PostgreSQL (security.md R19; issue 7). The owner role runs
 * migrations (`delegate migrate`) and owns every table; the application role (`serve`) may read
 * and write the data tables but only SELECT and INSERT audit_events: no UPDATE, DELETE or
 * TRUNCATE of audit rows and no DDL. The append-only trigger (migration 0005) refuses audit
 * changes for every role, the owner included; these privileges are the second layer.
 *
 * `appRoleGrantsSql` is run by the owner (or a superuser) in the Delegate database after the
 * roles exist and after every migration, since new tables need their grants.
 */

const IDENT = /^[a-z_][a-z0-9_]{0,62}$/;

function ident(name: string, what: string): string {
  if (!IDENT.test(name)) throw new Error(`${what} must be a lower-case SQL identifier: ${name}`);
  return `"${name}"`;
}

/** The statements that give `appRole` exactly the application's privileges in `database`. */
export function appRoleGrantsSql(options: { appRole: string; database: string }): string {
  const app = ident(options.appRole, 'the application role');
  const db = ident(options.database, 'the database');
  return [
    `REVOKE ALL ON DATABASE ${db} FROM PUBLIC;`,
    `GRANT CONNECT, TEMPORARY ON DATABASE ${db} TO ${app};`,
    'REVOKE CREATE ON SCHEMA public FROM PUBLIC;',
    `REVOKE CREATE ON SCHEMA public FROM ${app};`,
    `GRANT USAGE ON SCHEMA public TO ${app};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${app};`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_events FROM ${app};`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON disclosures FROM ${app};`,
    `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON case_documents FROM ${app};`,
    `REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${app};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app};`,
    '',
  ].join('\n');
}

/**
 * Creating the two roles and handing the database to the owner (a superuser runs this once,
 * before the first migration).
 */
export function createRolesSql(options: { appRole: string; ownerRole: string; database: string }): string {
  const app = ident(options.appRole, 'the application role');
  const owner = ident(options.ownerRole, 'the owner role');
  const db = ident(options.database, 'the database');
  return [
    `CREATE ROLE ${owner} LOGIN NOSUPERUSER NOCREATEROLE;`,
    `CREATE ROLE ${app} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;`,
    `ALTER DATABASE ${db} OWNER TO ${owner};`,
    `ALTER SCHEMA public OWNER TO ${owner};`,
    '',
  ].join('\n');
}
