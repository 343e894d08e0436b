/** Who is acting. Roles are those of design/product.md. */

export const ROLES = [
  'lea_officer',
  'lea_admin',
  'ice_supervisor',
  'program_office',
  'inspector',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export type Actor =
  | { kind: 'user'; id: string; role: Role; agencyId: string | null }
  /** The operator at the server's console (the `delegate` CLI with direct database access). */
  | { kind: 'operator'; id: string; role: 'program_office'; agencyId: null }
  | { kind: 'public'; id: 'public'; role: null; agencyId: null };

export const PUBLIC: Actor = { kind: 'public', id: 'public', role: null, agencyId: null };

export const operator = (name: string): Actor => ({
  kind: 'operator',
  id: `operator:${name}`,
  role: 'program_office',
  agencyId: null,
});
