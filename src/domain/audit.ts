/**
 * The closed catalogue of audit events. Every write is audited in the same transaction as the
 * change; every denial is audited too. `data` never holds passwords, tokens or file contents.
 * docs/audit-events.md describes each type for auditors.
 */
import type { IncidentSignal } from './account-lifecycle.ts';
import type { ListKind } from './registry.ts';

export type AuditEvent =
  | {
      type: 'registry.list_imported';
      resource: { type: 'list_snapshot'; id: string };
      data: { list: ListKind; snapshotDate: string; sourceFile: string; rows: number; newAgencies: number };
    }
  | {
      type: 'registry.list_import_refused';
      resource: null;
      data: { sourceFile: string; code: string; reason: string };
    }
  | {
      type: 'session.signed_in';
      resource: { type: 'user'; id: string };
      /** `identity_provider`: the agency's OpenID Connect provider attested the second factor (`provider`). */
      data: { bannerVersion: string; mfa: 'totp' | 'webauthn' | 'identity_provider'; provider?: string };
    }
  | {
      type: 'session.banner_acknowledged';
      resource: { type: 'user'; id: string };
      data: { bannerVersion: string };
    }
  | {
      type: 'session.mfa_enrolled';
      resource: { type: 'user'; id: string };
      data: { method: 'totp'; via: 'sign_in' | 'demo_seed' };
    }
  | {
      type: 'session.mfa_verified';
      resource: { type: 'user'; id: string };
      data: { method: 'totp' | 'webauthn'; credentialId?: string };
    }
  | {
      type: 'session.mfa_failed';
      resource: { type: 'user'; id: string } | null;
      data: {
        reason:
          | 'wrong_code'
          | 'code_reused'
          | 'no_pending_sign_in'
          | 'account_locked'
          | 'account_disabled'
          | 'phishing_resistant_required'
          | 'webauthn_not_verified'
          | 'webauthn_counter_regressed'
          | 'webauthn_unknown_credential'
          | 'webauthn_challenge_invalid';
        purpose?: 'sign_in' | 'register' | 'reauthenticate';
      };
    }
  | {
      type: 'session.webauthn_registered';
      resource: { type: 'user'; id: string };
      data: { credentialId: string; deviceType: string; backedUp: boolean; via: 'session' | 'sign_in' };
    }
  | {
      type: 'session.reauthenticated';
      resource: { type: 'user'; id: string };
      data: { method: 'totp' | 'webauthn' };
    }
  | {
      type: 'session.sign_in_failed';
      resource: null;
      data: { reason: 'unknown_account' | 'wrong_password' | 'account_disabled' | 'account_locked' };
    }
  | { type: 'session.signed_out'; resource: { type: 'user'; id: string }; data: Record<string, never> }
  // Single sign-on by OpenID Connect (src/app/accounts/oidc-*.ts).
  | {
      type: 'session.oidc_subject_bound';
      resource: { type: 'user'; id: string };
      data: { provider: string; by: 'verified_email' };
    }
  | {
      type: 'session.oidc_authenticated';
      resource: { type: 'user'; id: string };
      data: { provider: string; amr: string[]; secondFactor: 'provider' | 'delegate' };
    }
  | {
      type: 'session.oidc_failed';
      resource: { type: 'user'; id: string } | null;
      data: { provider: string; reason: OidcFailureReason };
    }
  | {
      type: 'identity_provider.added';
      resource: { type: 'identity_provider'; id: string };
      data: { issuer: string; clientId: string; agencyId: string | null; emailDomains: string[] };
    }
  | {
      type: 'identity_provider.disabled';
      resource: { type: 'identity_provider'; id: string };
      /** The accounts bound to the provider, and their open sessions and pending sign-ins ended. */
      data: { accounts: number; sessionsEnded: number; pendingSignInsEnded: number };
    }
  | {
      type: 'identity_provider.enabled';
      resource: { type: 'identity_provider'; id: string };
      data: Record<string, never>;
    }
  | {
      type: 'audit.checkpoint_written';
      resource: null;
      /** A signed checkpoint written on demand (the hourly ones are written by the server). */
      data: { length: number; headHash: string; at: string };
    }
  | {
      type: 'user.locked';
      resource: { type: 'user'; id: string };
      data: { failures: number; windowMinutes: number };
    }
  | { type: 'user.unlocked'; resource: { type: 'user'; id: string }; data: Record<string, never> }
  | {
      type: 'user.disabled';
      resource: { type: 'user'; id: string };
      data:
        | { reason: 'inactive'; idleDays: number; sessionsEnded: true }
        | { reason: 'terminated' | 'administrative'; detail: string; sessionsEnded: true };
    }
  | { type: 'user.sessions_ended'; resource: { type: 'user'; id: string }; data: { sessions: number } }
  | { type: 'accounts.reviewed'; resource: null; data: { accounts: number; format: 'csv' | 'json' } }
  | {
      type: 'integrity.checked';
      resource: null;
      data: {
        ok: boolean;
        chainOk: boolean;
        rows: number;
        checkpoints: number;
        checksums: string;
        amcheck: string;
      };
    }
  | {
      type: 'incident.raised';
      resource: null;
      data: { signal: IncidentSignal; detail: string };
    }
  | {
      type: 'user.created';
      resource: { type: 'user'; id: string };
      data: { role: string; agencyId: string | null; warrantIssuer?: boolean };
    }
  | {
      type: 'authorization.denied';
      resource: { type: string; id: string } | null;
      data: { action: string; ruleIds: string[]; citations: string[] };
    }
  | { type: 'demo.seeded'; resource: null; data: { agencies: number; users: number; snapshots: number } }
  | {
      type: 'moa.created' | 'moa.amended' | 'moa.terminated';
      resource: { type: 'moa'; id: string };
      data: { agencyId: string; version: number; models: string[]; authorizationsEnded?: number };
    }
  | {
      type: 'facility.added';
      resource: { type: 'facility'; id: string };
      data: { agencyId: string; code: string };
    }
  | {
      type: 'training.class_created';
      resource: { type: 'training_class'; id: string };
      data: { model: string; hours: number };
    }
  | {
      type: OfficerEventType;
      resource: { type: 'officer'; id: string };
      data: Record<string, string | number | boolean | null>;
    }
  // JEM casework (issue 4).
  | {
      type: BookingEventType;
      resource: { type: 'booking'; id: string };
      data: Record<string, string | number | boolean | null>;
    }
  | {
      type: CaseEventType;
      resource: { type: 'case'; id: string };
      data: Record<string, string | number | boolean | null>;
    }
  | {
      /** Each query to an outside system: which system, for what purpose, by whom, and what came back. */
      type: 'system_query.requested' | 'system_query.answered' | 'system_query.failed';
      resource: { type: 'system_query'; id: string };
      data: { system: string; purpose: string; caseId: string; summary: string; attempt: number };
    }
  | {
      type: 'subject.created' | 'subject.merged' | 'subject.match_resolved';
      resource: { type: 'subject'; id: string };
      data: Record<string, string | number | boolean | null>;
    }
  | {
      /** TFM reimbursement (issue 5): a claim accepted or refused with its reason; a lead's outcome. */
      type: 'reimbursement.claim_recorded' | 'reimbursement.claim_refused' | 'lead.outcome_recorded';
      resource: { type: 'reimbursement_claim' | 'lead'; id: string };
      data: Record<string, string | number | boolean | null>;
    }
  | {
      /**
       * An export of a report (issue 8): what, in which format, how many records, a fingerprint of
       * the bytes; for a recipient outside the agency, the Privacy Act disclosure record (R24).
       */
      type: 'export.created';
      resource: { type: 'export'; id: string };
      data: {
        report: string;
        format: string;
        records: number;
        sha256: string;
        recipient: string | null;
        disclosureId: string | null;
      };
    }
  | {
      /**
       * Oversight processes (issue 8): a complaint received (public form or staff intake),
       * acknowledged, linked, forwarded to ICE OPR, closed; an officer suspended pending its
       * investigation; an inspection scheduled, its checklist, findings and corrective actions
       * recorded; a steering-committee meeting scheduled or its minutes recorded; an action item
       * marked done or reopened (the note stays with the item, not the trail). No narrative
       * or complainant contact is written to the trail.
       */
      type:
        | 'complaint.received'
        | 'complaint.acknowledged'
        | 'complaint.linked'
        | 'complaint.forwarded'
        | 'complaint.closed'
        | 'complaint.suspension_requested'
        | 'inspection.scheduled'
        | 'inspection.recorded'
        | 'inspection.finding_recorded'
        | 'inspection.finding_updated'
        | 'committee.meeting_scheduled'
        | 'committee.meeting_recorded'
        | 'committee.action_item_done'
        | 'committee.action_item_reopened';
      resource: { type: 'complaint' | 'inspection' | 'committee_meeting'; id: string };
      data: Record<string, string | number | boolean | null>;
    }
  | {
      /** A public statistics release built and put through the disclosure check (R42–R44). */
      type: 'stats.public_release_built';
      resource: { type: 'public_release'; id: string };
      data: { periodFrom: string; periodTo: string; tables: number; passed: boolean; problems: number };
    }
  | {
      type: 'api_token.created';
      resource: { type: 'api_token'; id: string };
      data: { agencyId: string; name: string };
    }
  // Historical encounters and statistics rollups (issue 8).
  | {
      type: 'encounters.imported';
      resource: { type: 'encounter_import'; id: string };
      data: { sourceFile: string; rows: number; newEncounters: number; unchanged: number };
    }
  | {
      type: 'encounters.import_refused';
      resource: null;
      data: { sourceFile: string; code: string; reason: string };
    }
  | {
      type: 'statistics.rollups_refreshed';
      resource: null;
      data: { fromSeq: number; throughSeq: number; encounters: number; subjects: number };
    }
  | {
      /** An auditor searched the audit trail (R15: every access to the audit log is itself audited). */
      type: 'audit.searched';
      resource: null;
      data: { filters: string; returned: number };
    };

/** A jail's booking and its later events (the "would otherwise be released" moment among them). */
export type BookingEventType = 'booking.received' | 'booking.event_recorded';

/** One event per step of a JEM screening case (domain/jem-case.ts). */
export type CaseEventType =
  | 'case.opened'
  | 'case.viewed'
  | 'case.assigned'
  | 'case.reprioritised'
  | 'case.checks_requested'
  | 'case.interview_recorded'
  | 'case.determination_recorded'
  | 'case.i213_submitted'
  | 'case.i213_reviewed'
  | 'case.charging_document_drafted'
  | 'case.charging_document_signed'
  | 'case.warrant_signed'
  | 'case.detainer_drafted'
  | 'case.detainer_approved'
  | 'case.detainer_served'
  | 'case.hold_started'
  | 'case.hold_alert'
  | 'case.hold_limit_reached'
  | 'case.custody_assumed'
  | 'case.detainer_lifted'
  | 'case.released'
  | 'case.citizenship_review_opened'
  | 'case.citizenship_review_resolved'
  | 'case.document_generated'
  // WSO (issue 5)
  | 'case.warrant_lodged'
  | 'case.warrant_served'
  | 'case.transferred_to_ice'
  | 'case.warrant_withdrawn'
  // TFM (issue 5)
  | 'case.encounter_recorded'
  | 'case.warrantless_arrest_recorded'
  | 'case.examination_recorded'
  | 'case.arrest_advisals_recorded';

/** One event per step of an officer's way from nomination to authorization and after. */
export type OfficerEventType =
  | 'officer.nominated'
  | 'officer.eligibility_recorded'
  | 'officer.approved'
  | 'officer.rejected'
  | 'officer.enrolled'
  | 'officer.exam_recorded'
  | 'officer.certified'
  | 'officer.authorized'
  | 'officer.refresher_recorded'
  | 'officer.suspended'
  | 'officer.reinstated'
  | 'officer.revoked';

/** Why an OpenID Connect sign-in was refused (the browser sees one of three messages). */
export type OidcFailureReason =
  | 'state_invalid'
  | 'browser_mismatch'
  | 'provider_error'
  | 'provider_unavailable'
  | 'token_invalid'
  | 'unknown_account'
  | 'account_disabled'
  | 'account_locked'
  | 'agency_mismatch'
  | 'second_factor_unavailable';

export type AuditEventType = AuditEvent['type'];

export type AuditOutcome = 'succeeded' | 'denied' | 'failed';

export const outcomeOf = (event: AuditEvent): AuditOutcome =>
  event.type === 'authorization.denied'
    ? 'denied'
    : event.type === 'session.sign_in_failed' ||
        event.type === 'session.mfa_failed' ||
        event.type === 'session.oidc_failed' ||
        event.type === 'registry.list_import_refused' ||
        event.type === 'encounters.import_refused' ||
        event.type === 'reimbursement.claim_refused' ||
        (event.type === 'integrity.checked' && !event.data.ok)
      ? 'failed'
      : 'succeeded';
