/**
 * authorize(actor, action, resource) → Decision. Every use case calls it before it decides.
 * A decision names the rule that made it and, where there is one, the legal or MOA citation.
 *
 * This first table covers the foundation's actions (registry, accounts, demo). The authority
 * issue replaces the table with Cedar policies behind this same signature.
 */
import type { Actor, Role } from '../domain/actor.ts';

export type Action =
  | 'registry.read'
  | 'registry.import'
  | 'user.create'
  | 'demo.seed'
  | 'session.create'
  | 'audit.verify';

export interface Decision {
  allowed: boolean;
  ruleId: string;
  citation: string | null;
  reason: string;
}

interface Rule {
  id: string;
  citation: string | null;
  /** Roles that may; `public` means no sign-in is needed. */
  allow: ReadonlyArray<Role | 'public' | 'operator'>;
  reason: string;
}

const RULES: Record<Action, Rule> = {
  'registry.read': {
    id: 'registry.read.public',
    citation:
      'ICE publishes the list of participating and pending 287(g) agencies (INA §287(g); 8 U.S.C. §1357(g))',
    allow: ['public'],
    reason: 'The 287(g) agreements registry is public information.',
  },
  'registry.import': {
    id: 'registry.import.program_office',
    citation: null,
    allow: ['program_office', 'operator'],
    reason: "Only ICE's 287(g) program office imports ICE's published lists.",
  },
  'user.create': {
    id: 'user.create.program_office',
    citation: null,
    allow: ['program_office', 'operator'],
    reason: 'Only the program office creates accounts in this release.',
  },
  'demo.seed': {
    id: 'demo.seed.operator',
    citation: null,
    allow: ['operator'],
    reason: 'Only the operator at the server console loads demonstration data.',
  },
  'session.create': {
    id: 'session.create.public',
    citation: null,
    allow: ['public'],
    reason: 'Anyone may attempt to sign in.',
  },
  'audit.verify': {
    id: 'audit.verify.auditor',
    citation: 'CJIS Security Policy 5.4 (audit and accountability)',
    allow: ['auditor', 'operator'],
    reason: 'Only auditors and the operator verify the audit trail.',
  },
};

export function authorize(actor: Actor, action: Action): Decision {
  const rule = RULES[action];
  const allowed =
    rule.allow.includes('public') ||
    (actor.kind === 'operator' && rule.allow.includes('operator')) ||
    (actor.kind === 'user' && rule.allow.includes(actor.role));
  return allowed
    ? { allowed, ruleId: rule.id, citation: rule.citation, reason: rule.reason }
    : {
        allowed,
        ruleId: rule.id,
        citation: rule.citation,
        reason: actor.kind === 'public' ? 'Sign in first.' : rule.reason,
      };
}
