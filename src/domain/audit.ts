/**
 * The closed catalogue of audit events. Every write is audited in the same transaction as the
 * change; every denial is audited too. `data` never holds passwords, tokens or file contents.
 * docs/audit-events.md describes each type for auditors.
 */
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
      data: { bannerVersion: string; mfa: 'totp' };
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
  | { type: 'session.mfa_verified'; resource: { type: 'user'; id: string }; data: { method: 'totp' } }
  | {
      type: 'session.mfa_failed';
      resource: { type: 'user'; id: string } | null;
      data: {
        reason: 'wrong_code' | 'code_reused' | 'no_pending_sign_in' | 'account_locked' | 'account_disabled';
      };
    }
  | {
      type: 'session.sign_in_failed';
      resource: null;
      data: { reason: 'unknown_account' | 'wrong_password' | 'account_disabled' | 'account_locked' };
    }
  | { type: 'session.signed_out'; resource: { type: 'user'; id: string }; data: Record<string, never> }
  | {
      type: 'user.locked';
      resource: { type: 'user'; id: string };
      data: { failures: number; windowMinutes: number };
    }
  | { type: 'user.unlocked'; resource: { type: 'user'; id: string }; data: Record<string, never> }
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
       * recorded; a steering-committee meeting scheduled or its minutes recorded. No narrative
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
        | 'committee.meeting_recorded';
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

export type AuditEventType = AuditEvent['type'];

export type AuditOutcome = 'succeeded' | 'denied' | 'failed';

export const outcomeOf = (event: AuditEvent): AuditOutcome =>
  event.type === 'authorization.denied'
    ? 'denied'
    : event.type === 'session.sign_in_failed' ||
        event.type === 'session.mfa_failed' ||
        event.type === 'registry.list_import_refused' ||
        event.type === 'encounters.import_refused' ||
        event.type === 'reimbursement.claim_refused'
      ? 'failed'
      : 'succeeded';
