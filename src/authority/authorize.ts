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
  | 'audit.verify'
  | 'moa.manage'
  | 'moa.read'
  | 'training.manage'
  | 'officer.nominate'
  | 'officer.record_eligibility'
  | 'officer.administer'
  | 'officer.read';

/** What an action is about; `agencyId` scopes agency roles to their own agency. */
export interface Resource {
  type: string;
  id: string;
  agencyId?: string | null;
}

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

/** Agency roles see and act on their own agency only (product.md: roles). */
const AGENCY_ROLES: ReadonlySet<Role> = new Set(['lea_officer', 'lea_admin']);
const OWN_AGENCY = {
  id: 'tenancy.own_agency',
  citation: null,
  reason: 'Agency staff act only on their own agency’s records.',
};

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
  'moa.manage': {
    id: 'moa.manage.program_office',
    citation: '8 U.S.C. §1357(g)(1) (written agreement with ICE)',
    allow: ['program_office', 'operator'],
    reason: "Only ICE's 287(g) program office records agreements and their versions.",
  },
  'moa.read': {
    id: 'moa.read.parties',
    citation: null,
    allow: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer', 'operator'],
    reason: 'Agreements are read by ICE and by the agency that is party to them.',
  },
  'training.manage': {
    id: 'training.manage.program_office',
    citation: '8 U.S.C. §1357(g)(2) (training and written certification)',
    allow: ['program_office', 'operator'],
    reason: 'ICE runs training classes.',
  },
  'officer.nominate': {
    id: 'officer.nominate.lea_admin',
    citation: null,
    allow: ['lea_admin', 'program_office', 'operator'],
    reason: "Officers are nominated by their agency's 287(g) coordinator.",
  },
  'officer.record_eligibility': {
    id: 'officer.eligibility.lea_admin',
    citation: null,
    allow: ['lea_admin', 'program_office', 'operator'],
    reason: "Eligibility is recorded by the officer's agency.",
  },
  'officer.administer': {
    id: 'officer.administer.program_office',
    citation: '8 U.S.C. §1357(g)(2), (g)(5)',
    allow: ['program_office', 'operator'],
    reason: 'ICE approves, trains, certifies, authorizes, suspends and revokes officers.',
  },
  'officer.read': {
    id: 'officer.read.parties',
    citation: null,
    allow: ['program_office', 'ice_supervisor', 'inspector', 'lea_admin', 'lea_officer', 'operator'],
    reason: 'Officer records are read by ICE and by the officer’s agency.',
  },
};

export function authorize(actor: Actor, action: Action, resource: Resource | null = null): Decision {
  const rule = RULES[action];
  const foreign =
    actor.kind === 'user' &&
    AGENCY_ROLES.has(actor.role) &&
    resource?.agencyId !== undefined &&
    resource.agencyId !== actor.agencyId;
  if (foreign)
    return {
      allowed: false,
      ruleId: OWN_AGENCY.id,
      citation: OWN_AGENCY.citation,
      reason: OWN_AGENCY.reason,
    };
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
