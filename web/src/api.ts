/**
 * Typed fetch helpers for the Delegate HTTP API (/api/v1). Errors are RFC 9457 problem details;
 * every non-2xx response is thrown as an ApiError carrying the problem's title, detail and code.
 */

export const MODELS = ['JEM', 'WSO', 'TFM'] as const;
export type Model = (typeof MODELS)[number];
export type ListKind = 'participating' | 'pending';
export type AgreementStatus = 'active' | 'superseded' | 'removed' | 'pending';
export const AGREEMENT_STATUSES: readonly AgreementStatus[] = ['active', 'superseded', 'removed', 'pending'];

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
  version: string;
}

export interface Snapshot {
  snapshotId: string;
  list: ListKind;
  date: string;
  sourceFile: string;
  rows: number;
  importedAt: string;
}

export interface CountTriple {
  agreements: number;
  agencies: number;
  states: number;
}

export interface RegistryCounts {
  asOf: string;
  snapshot: string | null;
  models: Record<Model, CountTriple>;
  total: CountTriple;
}

export interface TimelinePoint {
  date: string;
  list: ListKind;
  models: Record<Model, number>;
  total: number;
}

export interface StateCount {
  state: string;
  agreements: number;
  agencies: number;
  models: Record<Model, number>;
}

export interface RegistryStates {
  snapshot: string | null;
  items: StateCount[];
}

export interface Agreement {
  agreementId: string;
  agencyId: string;
  agencyName: string;
  state: string;
  model: Model;
  signedDate: string | null;
  signedRaw: string | null;
  status: AgreementStatus;
  firstSeen: string;
  lastSeen: string;
  moaUrl: string | null;
  addendumUrl: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AgencySummary {
  agencyId: string;
  name: string;
  state: string;
  agencyType: string | null;
  county: string | null;
  models: string[];
}

export type EventKind =
  | 'agreement_added'
  | 'agreement_removed'
  | 'agreement_renewed'
  | 'signed_date_corrected'
  | 'model_added'
  | 'model_removed'
  | 'agency_renamed'
  | 'pending_listed'
  | 'pending_delisted';

export interface AgencyEvent {
  date: string;
  kind: EventKind;
  model: string | null;
  detail: string;
}

export interface AgencyDetail {
  agency: {
    agencyId: string;
    name: string;
    state: string;
    agencyType: string | null;
    county: string | null;
    names: { name: string; firstSeen: string; lastSeen: string }[];
  };
  agreements: Agreement[];
  /** Pending-list entries. `snapshotDate` per the contract; some servers send first/last seen instead. */
  pending: { model: string; snapshotDate?: string; status?: string; firstSeen?: string; lastSeen?: string }[];
  events: AgencyEvent[];
}

export interface User {
  userId: string;
  email: string;
  displayName: string;
  role: string;
  agencyId: string | null;
}

/** The system-use notice shown before sign-in (GET /session/banner). */
export interface SystemUseBanner {
  version: string;
  title: string;
  statements: string[];
}

/** The answer to sign-in step one: enter a code, or enrol (the key is shown only here) and then enter one. */
export interface PasswordStep {
  next: 'mfa' | 'enrol';
  expiresAt: string;
  bannerVersion: string;
  enrolment?: { secret: string; otpauthUri: string };
}

/** A failed API call. `title`, `detail` and `code` come from the problem-details body when present. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly code: string | undefined;
  readonly type: string | undefined;
  /** The rule that refused the request, when the authority engine or a lifecycle rule did. */
  readonly ruleId: string | undefined;
  readonly citation: string | undefined;

  constructor(
    status: number,
    problem: {
      title?: string | undefined;
      detail?: string | undefined;
      code?: string | undefined;
      type?: string | undefined;
      ruleId?: string | undefined;
      citation?: string | undefined;
    } = {},
  ) {
    const title = problem.title ?? (status === 0 ? 'Network error' : `Request failed (${status})`);
    super(problem.detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = problem.detail;
    this.code = problem.code;
    this.type = problem.type;
    this.ruleId = problem.ruleId;
    this.citation = problem.citation;
  }
}

/* ---- Agreements (MOAs) and officers: the signed-in casework API. ---- */

export type MoaStatus = 'draft' | 'active' | 'superseded' | 'terminated' | 'expired';
export type HoldRule = 'plain_48h' | 'business_hours_48h';
export type ClauseEffect = 'grants' | 'forbids' | 'other';

export interface Clause {
  id: string;
  summary: string;
  action: string | null;
  effect: ClauseEffect;
}

export interface MoaSummary {
  moaId: string;
  agencyId: string;
  agencyName: string;
  state: string;
  title: string;
}

export interface MoaVersion {
  agencyId: string;
  moaId: string;
  version: number;
  models: Model[];
  status: MoaStatus;
  statusNow: MoaStatus;
  signedOn: string | null;
  effective: string;
  endDate: string | null;
  endedAt: string | null;
  refresherCadenceDays: number;
  holdRule: HoldRule;
  civilHoldsForbidden: boolean;
  facilityCodes: string[];
  areaJurisdictions: string[];
  igsaFacilityCodes: string[];
  narrowedActions: string[];
  clauses: Clause[];
}

export interface Facility {
  facilityId: string;
  code: string;
  name: string;
  jurisdiction: string | null;
}

export interface MoaDetail {
  moaId: string;
  agencyId: string;
  title: string;
  versions: MoaVersion[];
  facilities: Facility[];
}

/** The terms of a new MOA version (POST /moas/:moaId/amendments). */
export interface MoaTerms {
  models: Model[];
  signedOn?: string | null;
  effective: string;
  endDate?: string | null;
  refresherCadenceDays?: number;
  holdRule?: HoldRule;
  civilHoldsForbidden?: boolean;
  facilityCodes?: string[];
  areaJurisdictions?: string[];
  igsaFacilityCodes?: string[];
  narrowedActions?: string[];
  clauses?: Clause[];
}

export const OFFICER_STAGES = [
  'nominated',
  'approved',
  'in_training',
  'certified',
  'authorized',
  'suspended',
  'rejected',
  'disqualified',
  'revoked',
] as const;
export type OfficerStage = (typeof OFFICER_STAGES)[number];

export const ELIGIBILITY_ITEMS = [
  'us_citizenship_verified',
  'background_investigation_passed',
  'experience_in_position',
  'no_pending_discipline',
] as const;
export type EligibilityItem = (typeof ELIGIBILITY_ITEMS)[number];

export interface EligibilityRecord {
  item: EligibilityItem;
  satisfied: boolean;
  evidence: string;
  dated: string;
}

/** What the agency may report about an authorized officer; each suspends at once. */
export const ELIGIBILITY_CHANGES = [
  'discipline',
  'transfer',
  'separation',
  'complaint_under_investigation',
] as const;
export type EligibilityChange = (typeof ELIGIBILITY_CHANGES)[number];

/** The fixed vocabulary of delegated actions (issue 3). */
export const DELEGATED_ACTIONS = [
  'interview',
  'query_systems',
  'prepare_i213',
  'approve_i213',
  'prepare_charging_document',
  'sign_charging_document',
  'sign_warrant',
  'serve_warrant',
  'issue_detainer',
  'approve_detainer',
  'hold_past_release',
  'assume_custody',
  'warrantless_arrest',
  'administer_oath',
  'record_biometrics',
  'transport',
] as const;
export type DelegatedAction = (typeof DELEGATED_ACTIONS)[number];

/**
 * What each model delegates by default (design/product.md, authority matrix; the server's
 * MODEL_POWERS). Used only to offer the powers an authorization may list; the server decides.
 */
export const MODEL_POWERS: Record<Model, readonly DelegatedAction[]> = {
  JEM: [
    'interview',
    'query_systems',
    'prepare_i213',
    'prepare_charging_document',
    'issue_detainer',
    'serve_warrant',
    'administer_oath',
    'record_biometrics',
    'hold_past_release',
    'transport',
  ],
  WSO: ['serve_warrant', 'transport'],
  TFM: [
    'interview',
    'query_systems',
    'prepare_i213',
    'prepare_charging_document',
    'issue_detainer',
    'serve_warrant',
    'warrantless_arrest',
    'administer_oath',
    'record_biometrics',
    'transport',
  ],
};

export interface Officer {
  agencyId: string;
  officerId: string;
  userId: string | null;
  displayName: string;
  badge: string | null;
  model: Model;
  stage: OfficerStage;
  certifiedOn: string | null;
  lastRefresherOn: string | null;
  suspensionReason: string | null;
  /** Present on GET /officers/:id; the list may add them later. */
  effectiveStage?: OfficerStage;
  effectiveReason?: string | null;
  refresherDue?: string | null;
}

export interface Exam {
  attempt: number;
  exam: string;
  score: number;
  passed: boolean;
  takenOn: string;
}

export interface Authorization {
  authorizationId: string;
  officerId: string;
  moaId: string;
  moaVersion: number;
  model: Model;
  powers: string[] | null;
  startsOn: string;
  endsOn: string;
  supervisingPosition: string;
  endedAt: string | null;
  endReason: string | null;
}

export interface OfficerDetail {
  officer: Officer & { effectiveStage: OfficerStage; effectiveReason: string | null };
  eligibility: EligibilityRecord[];
  exams: Exam[];
  authorization: Authorization | null;
  refresherDue: string | null;
}

export interface AuthorityDecision {
  action: string;
  decision: 'allow' | 'deny';
  ruleIds: string[];
  citations: string[];
  reasons: string[];
}

export interface OfficerAuthority {
  at: string;
  officer: { officerId: string; displayName: string; model: Model | null; stage: OfficerStage };
  place: { facility: string | null; jurisdiction: string | null };
  decisions: AuthorityDecision[];
}

export interface Notification {
  notificationId: string;
  subject: string;
  body: string;
  createdAt: string;
  agencyId: string | null;
}

export interface Nomination {
  agencyId: string;
  displayName: string;
  badge?: string | null;
  model: Model;
  eligibility: EligibilityRecord[];
}

export interface AuthorizationInput {
  moaId: string;
  moaVersion: number;
  powers: string[] | null;
  startsOn: string;
  endsOn: string;
  supervisingPosition: string;
}

/** One POST /officers/:officerId/<step>, by step. */
export interface OfficerSteps {
  eligibility: EligibilityRecord;
  decision: { approve: boolean; reason?: string };
  enrollments: { classId: string };
  exams: { exam: string; score: number; takenOn: string };
  certification: { certifiedOn: string };
  authorizations: AuthorizationInput;
  refreshers: { completedOn: string };
  suspensions: { reason: EligibilityChange | 'other'; detail: string };
  reinstatement: { note: string };
  revocation: { reason: string };
}

type QueryValue = string | number | null | undefined;

/** Builds a query string, omitting empty values: the API rejects unknown or empty parameters. */
export function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

/**
 * Asks the user to re-authenticate when a privileged action answers 401 `step-up` (R7); resolves
 * true when they did, and the request is then sent again. Set by the session provider.
 */
let stepUpHandler: (() => Promise<boolean>) | null = null;
export const setStepUpHandler = (handler: (() => Promise<boolean>) | null) => {
  stepUpHandler = handler;
};

/** One call to the API (`/api/v1` + path); a failure is an `ApiError` from its problem details. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    signal: options.signal ?? null,
  };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${queryString(options.query ?? {})}`, init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { title: 'Network error', detail: 'The server could not be reached.' });
  }
  if (!response.ok) {
    let problem: Record<string, unknown> = {};
    try {
      problem = (await response.json()) as Record<string, unknown>;
    } catch {
      // Not a problem-details body; fall back to the status line.
    }
    const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (response.status === 401 && problem.ruleId === 'step-up' && stepUpHandler && (await stepUpHandler()))
      return request<T>(path, options);
    throw new ApiError(response.status, {
      title: str(problem.title) ?? (response.statusText || undefined),
      detail: str(problem.detail),
      code: str(problem.code),
      type: str(problem.type),
      ruleId: str(problem.ruleId),
      citation: str(problem.citation),
    });
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export type Signal = { signal?: AbortSignal | undefined };

export const api = {
  health: (o: Signal = {}) => request<Health>('/health', o),

  snapshots: (o: Signal = {}) => request<{ items: Snapshot[] }>('/registry/snapshots', o),

  counts: (params: { asOf?: string; list?: ListKind }, o: Signal = {}) =>
    request<RegistryCounts>('/registry/counts', { ...o, query: params }),

  timeline: (o: Signal = {}) => request<{ items: TimelinePoint[] }>('/registry/timeline', o),

  states: (params: { asOf?: string; list?: ListKind }, o: Signal = {}) =>
    request<RegistryStates>('/registry/states', { ...o, query: params }),

  agreements: (
    params: {
      state?: string;
      model?: Model | '';
      status?: AgreementStatus | '';
      q?: string;
      limit?: number;
      cursor?: string | null;
    },
    o: Signal = {},
  ) => request<Page<Agreement>>('/agreements', { ...o, query: params }),

  agencies: (
    params: { state?: string; q?: string; limit?: number; cursor?: string | null },
    o: Signal = {},
  ) => request<Page<AgencySummary>>('/agencies', { ...o, query: params }),

  agency: (agencyId: string, o: Signal = {}) =>
    request<AgencyDetail>(`/agencies/${encodeURIComponent(agencyId)}`, o),

  banner: (o: Signal = {}) => request<SystemUseBanner>('/session/banner', o),

  /** Step one: banner acknowledged, email and password. No session yet. */
  signIn: (email: string, password: string) =>
    request<PasswordStep>('/session', {
      method: 'POST',
      body: { email, password, acknowledgedBanner: true },
    }),

  /** Step two: the TOTP code opens the session. */
  verifyMfa: (code: string) => request<{ user: User }>('/session/mfa', { method: 'POST', body: { code } }),

  session: (o: Signal = {}) => request<{ user: User }>('/session', o),

  signOut: () => request<void>('/session', { method: 'DELETE' }),

  moas: (params: { agencyId?: string | null }, o: Signal = {}) =>
    request<{ items: MoaSummary[] }>('/moas', { ...o, query: params }),

  moa: (moaId: string, o: Signal = {}) => request<MoaDetail>(`/moas/${encodeURIComponent(moaId)}`, o),

  amendMoa: (moaId: string, terms: MoaTerms) =>
    request<{ moaId: string; version: number }>(`/moas/${encodeURIComponent(moaId)}/amendments`, {
      method: 'POST',
      body: { terms },
    }),

  terminateMoa: (moaId: string, reason: string) =>
    request<{ moaId: string; terminatedAt: string }>(`/moas/${encodeURIComponent(moaId)}/termination`, {
      method: 'POST',
      body: { reason },
    }),

  createTrainingClass: (input: { model: Model; startsOn: string; endsOn: string }) =>
    request<{ classId: string }>('/training-classes', { method: 'POST', body: input }),

  officers: (params: { agencyId?: string | null }, o: Signal = {}) =>
    request<{ items: Officer[] }>('/officers', { ...o, query: params }),

  officer: (officerId: string, o: Signal = {}) =>
    request<OfficerDetail>(`/officers/${encodeURIComponent(officerId)}`, o),

  nominate: (input: Nomination) =>
    request<{ officerId: string }>('/officers', { method: 'POST', body: input }),

  officerStep: <S extends keyof OfficerSteps>(officerId: string, step: S, body: OfficerSteps[S]) =>
    request<{ officerId: string }>(`/officers/${encodeURIComponent(officerId)}/${step}`, {
      method: 'POST',
      body,
    }),

  authority: (
    officerId: string,
    params: { facility?: string | null; jurisdiction?: string | null },
    o: Signal = {},
  ) =>
    request<OfficerAuthority>(`/officers/${encodeURIComponent(officerId)}/authority`, {
      ...o,
      query: params,
    }),

  notifications: (o: Signal = {}) => request<{ items: Notification[] }>('/notifications', o),
};

/* ---- JEM casework (issue 4): work lists, the case page and each step. ---- */

export const CASE_STATUSES = [
  'warrant_lodged',
  'warrant_served',
  'encountered',
  'arrested',
  'screening',
  'interviewed',
  'removable',
  'i213_submitted',
  'i213_approved',
  'detainer_drafted',
  'detainer_approved',
  'detainer_served',
  'hold_running',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type WorkList = 'screening' | 'review' | 'detainers' | 'warrants' | 'field';

export const ADVISALS = [
  'right_to_remain_silent',
  'purpose_of_interview',
  'consular_access',
  'right_to_counsel_no_government_expense',
  'legal_services_list',
  'reasons_for_arrest',
] as const;
export type Advisal = (typeof ADVISALS)[number];
/** The probable-cause bases of Form I-247A (ICE Policy 10074.2). */
export const DETAINER_BASES = [
  'final_order',
  'pending_proceedings',
  'biometric_and_records',
  'statements_or_evidence',
] as const;
export type DetainerBasis = (typeof DETAINER_BASES)[number];
export const LIFT_REASONS = [
  'prosecutorial_discretion',
  'insufficient_evidence',
  'lawful_status_found',
  'citizenship_confirmed',
  'subject_in_other_custody',
  'duplicate_detainer',
  'other',
] as const;
export type LiftReason = (typeof LIFT_REASONS)[number];
export const CHARGING_FORMS = ['I-862', 'I-851', 'I-871'] as const;
export type ChargingForm = (typeof CHARGING_FORMS)[number];
export const WARRANT_FORMS = ['I-200', 'I-205'] as const;
export type WarrantForm = (typeof WARRANT_FORMS)[number];
export const SYSTEM_NAMES = ['IDENT', 'EID', 'NCIC', 'LESC', 'CLAIMS'] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];

/** One row of a work list (GET /cases). */
export interface CaseListItem {
  caseId: string;
  caseNumber: string;
  facilityCode: string;
  status: CaseStatus;
  statusLabel: string;
  tier: number;
  priorityExplanation: string;
  expectedReleaseAt: string | null;
  openedAt: string;
  assignedTo: string | null;
  subjectName: string;
  dob: string;
  holdEndsAt: string | null;
  daysWaiting: number;
  hoursToRelease: number | null;
  holdMinutesLeft: number | null;
  /** When the item began waiting on its current step, if the server sends it. */
  awaitingSince?: string | null;
}

export interface CaseRecord {
  interview?: {
    at: string;
    by: string;
    primaryLanguage: string;
    englishProficiency: 'proficient' | 'limited' | 'none';
    interpreter: { name: string; method: 'in_person' | 'telephone' | 'video' } | null;
    advisals: Advisal[];
    nationality: string | null;
    consular: { mandatory: boolean; listVersion: string; subjectChoice: 'requested' | 'declined' | null };
    citizenshipClaim: boolean;
    citizenshipIndicia: string | null;
    swornStatement: { oathAdministeredBy: string; text: string } | null;
    notes: string;
  };
  determination?: { at: string; by: string; outcome: string; reason: string };
  i213?: {
    narrative: string;
    submittedAt: string;
    submittedBy: string;
    reviews: Array<{ at: string; by: string; decision: 'approved' | 'returned'; reasons: string }>;
  };
  charging?: {
    form: ChargingForm;
    allegations: string[];
    warrantlessArrest: boolean;
    legalServicesListProvided: boolean;
    draftedAt: string;
    draftedBy: string;
    signedAt?: string;
    signedBy?: string;
  };
  warrant?: { form: WarrantForm; number: string; signedAt: string; signedBy: string };
  detainer?: {
    basis: string;
    basisNarrative: string;
    draftedAt: string;
    draftedBy: string;
    approvedAt?: string;
    approvedBy?: string;
    served?: { at: string; by: string; language: string };
  };
  citizenship?: {
    openedAt: string;
    source: 'claim' | 'indicia';
    statement: string;
    resolution?: { at: string; by: string; finding: 'citizen' | 'not_citizen'; evidence: string };
  };
  custody?: { at: string; by: string; receivingFacility: string };
  lift?: { at: string; by: string; reason: LiftReason; note: string };
}

export interface CaseDetail {
  case: {
    agencyId: string;
    caseId: string;
    caseNumber: string;
    facilityCode: string;
    status: CaseStatus;
    statusLabel: string;
    tier: number;
    priorityExplanation: string;
    priorityPolicyVersion: string;
    assignedTo: string | null;
    openedAt: string;
    expectedReleaseAt: string | null;
    citizenshipReviewOpen: boolean;
    record: CaseRecord;
    holdStartedAt: string | null;
    holdEndsAt: string | null;
    outcome: string | null;
    outcomeReason: string | null;
    closedAt: string | null;
  };
  booking: {
    bookingNumber: string;
    facilityCode: string;
    bookedAt: string;
    person: {
      firstName?: string;
      middleName?: string;
      lastName?: string;
      dob?: string;
      nationality?: string;
    };
    charges: Array<{ ncic: string; description: string; level: string; statute?: string }>;
    expectedReleaseAt: string | null;
    releasedAt: string | null;
    releaseReason: string | null;
  };
  subject: { subjectId: string; aNumber: string | null; fin: string | null; fbiNumber: string | null } | null;
  /** The running hold, with the time left as the server counted it when it answered. */
  hold: { startedAt: string; endsAt: string; ms: number; expired: boolean; label: string } | null;
  stops: Array<{ ruleId: string; citation: string; label: string }>;
  events: Array<{
    seq: number;
    at: string;
    actorId: string;
    actorRole: string | null;
    kind: string;
    summary: string;
  }>;
  tasks: Array<{
    taskId: string;
    kind: string;
    recipientRole: string;
    title: string;
    status: string;
    dueAt: string | null;
    createdAt: string;
    doneAt: string | null;
  }>;
  queries: Array<{
    queryId: string;
    system: string;
    purpose: string;
    state: 'requested' | 'attempted' | 'answered' | 'failed';
    attempts: number;
    retryAt: string | null;
    lastError: string | null;
    summary: string | null;
    requestedAt: string;
    answeredAt: string | null;
  }>;
  documents: Array<{
    documentId: string;
    form: string;
    version: number;
    templateVersion: string;
    sha256: string;
    reason: string | null;
    createdAt: string;
  }>;
  timers: Array<{ kind: string; dueAt: string; firedAt: string | null; cancelledAt: string | null }>;
}

export interface CaseTask {
  taskId: string;
  kind: string;
  title: string;
  caseId: string | null;
  caseNumber: string | null;
  dueAt: string | null;
  createdAt: string;
}

export interface InterviewInput {
  primaryLanguage: string;
  englishProficiency: 'proficient' | 'limited' | 'none';
  interpreter: { name: string; method: 'in_person' | 'telephone' | 'video' } | null;
  advisals: Advisal[];
  nationality: string | null;
  consularChoice: 'requested' | 'declined' | null;
  citizenshipClaim: boolean;
  citizenshipIndicia: string | null;
  swornStatement: { text: string } | null;
  notes: string;
}

export interface ChargingDraftInput {
  form: ChargingForm;
  respondentClass?: 'arriving_alien' | 'present_without_admission' | 'admitted_removable';
  allegations: string[];
  charges: Array<{ provision: string; description: string }>;
  warrantlessArrest: boolean;
  arrestedAt?: string;
  advisal?: {
    reasonsForArrest: boolean;
    rightToCounsel: boolean;
    legalServicesListProvided: boolean;
    advisedAt: string;
  };
  priorOrder?: { kind: 'removal' | 'deportation' | 'exclusion'; date: string; by: string };
  removal?: { date: string; place: string };
  reentry?: { date: string | null; place: string };
}

/** One POST /cases/:caseId/<step>, by step. */
export interface CaseSteps {
  assignment: { assignee: string };
  queries: { systems: SystemName[]; purpose: 'C' | 'F' };
  interview: InterviewInput;
  determination: { outcome: 'no_action' | 'citizenship_review' | 'removable'; reason: string };
  i213: { narrative: string };
  'i213/review': { decision: 'approved' | 'returned'; reasons: string };
  'charging-document': ChargingDraftInput;
  'charging-document/signature': Record<string, never>;
  warrant: { form: WarrantForm; number: string; finalOrder?: { date: string; by: string } };
  detainer: { basis: DetainerBasis; basisNarrative: string };
  'detainer/approval': Record<string, never>;
  'detainer/service': { language: string };
  'detainer/lift': { reason: LiftReason; note: string };
  custody: {
    receivingFacility: { name: string; address: string };
    determination: 'detain' | 'release_on_recognizance' | 'release_on_conditions';
  };
  'citizenship-review': { source: 'claim' | 'indicia'; statement: string };
  'citizenship-review/resolution': {
    finding: 'citizen' | 'not_citizen';
    evidence: string;
    counselConsulted: boolean;
  };
}
export type CaseStepPath = keyof CaseSteps;

/** The address of a stored form (PDF) of a case, for a link. */
export function caseDocumentUrl(caseId: string, documentId: string): string {
  return `/api/v1/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(documentId)}`;
}

/* ---- The jail's later events on a booking (POST /bookings/:bookingNumber/events). ---- */

/** The jail's events a coordinator records from the case page (charges changed is sent by the jail system). */
export const JAIL_EVENT_KINDS = [
  'bail_posted',
  'sentence_served',
  'court_order',
  'charges_dismissed',
  'left_custody',
] as const;
export type JailEventKind = (typeof JAIL_EVENT_KINDS)[number];

/** The "would otherwise be released" moments: on an effective detainer, one starts the hold clock. */
export const RELEASE_EVENT_KINDS: readonly JailEventKind[] = [
  'bail_posted',
  'sentence_served',
  'court_order',
  'charges_dismissed',
];

export interface BookingEventInput {
  kind: JailEventKind;
  /** ISO 8601 instant. */
  occurredAt: string;
  note?: string;
}

/** What the event did: the case's status after it, and the end of the hold when one started. */
export interface BookingEventResult {
  bookingId: string;
  caseId: string | null;
  caseStatus: CaseStatus | null;
  holdEndsAt: string | null;
}

export const caseworkApi = {
  cases: (
    params: {
      list: WorkList;
      facility?: string | null;
      mine?: boolean;
      cursor?: string | null;
      limit?: number;
    },
    o: Signal = {},
  ) =>
    request<Page<CaseListItem>>('/cases', {
      ...o,
      query: { ...params, mine: params.mine ? 'true' : undefined },
    }),

  case: (caseId: string, o: Signal = {}) => request<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`, o),

  step: <S extends CaseStepPath>(caseId: string, step: S, body: CaseSteps[S]) =>
    request<{ caseId: string; status: CaseStatus }>(`/cases/${encodeURIComponent(caseId)}/${step}`, {
      method: 'POST',
      body,
    }),

  assign: (input: { caseIds: string[]; assignee: string }) =>
    request<{ assigned: string[]; refused: Array<{ caseId: string; reason: string }> }>('/cases/assignment', {
      method: 'POST',
      body: input,
    }),

  tasks: (o: Signal = {}) => request<CaseTask[]>('/tasks', o),

  /** Records a jail's event on a booking of the signed-in coordinator's agency. */
  bookingEvent: (bookingNumber: string, body: BookingEventInput) =>
    request<BookingEventResult>(`/bookings/${encodeURIComponent(bookingNumber)}/events`, {
      method: 'POST',
      body,
    }),
};

/* ---- Notifications inbox (issue 4): the signed-in user's notices, unread count, mark read. ---- */

/** A notice in the inbox (GET /inbox): addressed to the user, or to their role (and agency). */
export interface InboxItem {
  notificationId: string;
  kind: string | null;
  subject: string;
  body: string;
  caseId: string | null;
  agencyId: string | null;
  /** Addressed to this user by name rather than to their role. */
  personal: boolean;
  createdAt: string;
  readAt: string | null;
}

export interface Inbox {
  items: InboxItem[];
  unread: number;
  nextCursor: string | null;
}

export const inboxApi = {
  inbox: (params: { unread?: boolean; cursor?: string | null; limit?: number }, o: Signal = {}) =>
    request<Inbox>('/inbox', {
      ...o,
      query: { unread: params.unread ? 'true' : undefined, cursor: params.cursor, limit: params.limit },
    }),

  unreadCount: (o: Signal = {}) => request<{ unread: number }>('/inbox/unread-count', o),

  markRead: (notificationId: string) =>
    request<{ notificationId: string; readAt: string; unread: number }>(
      `/inbox/${encodeURIComponent(notificationId)}/read`,
      { method: 'POST' },
    ),
};

/* ---- TFM reimbursement (issue 5): statements, claims and ICE-identified lead outcomes. ---- */

export const CLAIM_KINDS = ['salary_benefits', 'overtime', 'equipment', 'vehicle'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const LEAD_OUTCOMES = ['located', 'not_located'] as const;
export type LeadOutcome = (typeof LEAD_OUTCOMES)[number];

/** Money is integer cents throughout; rates are integer basis points (1 % = 100). */
export interface ReimbursementOfficerRow {
  officerId: string;
  displayName: string;
  stage: string;
  trained: boolean;
  claimedCents: Record<Exclude<ClaimKind, 'vehicle'>, number>;
  refusedClaims: number;
  overtime: {
    fiscalYear: number;
    usedCents: number;
    capCents: number | null;
    annualSalaryCents: number | null;
  };
  equipment: { usedCents: number; capCents: number };
  leads: number;
  located: number;
  locatedBasisPoints: number | null;
  eligible: boolean;
  tier: string | null;
  awardCents: number;
  totalCents: number;
}

export interface ReimbursementClaim {
  claimId: string;
  kind: ClaimKind;
  quarter: string;
  officerId: string | null;
  amountCents: number;
  status: 'accepted' | 'refused';
  annualSalaryCents: number | null;
  description: string;
  refusalReason: string | null;
  termsVersion: string;
  createdAt: string;
}

export interface ReimbursementStatement {
  agencyId: string;
  agencyName: string;
  quarter: string;
  period: { from: string; to: string };
  fiscalYear: number;
  termsVersion: string;
  officers: ReimbursementOfficerRow[];
  vehicles: { claimedCents: number; usedCents: number; capCents: number };
  award: {
    basis: 'agency' | 'officer';
    leads: number;
    located: number;
    locatedBasisPoints: number | null;
    tier: string | null;
    eligibleOfficers: number;
    totalCents: number;
  };
  totals: {
    claimedCents: Record<ClaimKind, number>;
    acceptedClaimsCents: number;
    refusedClaims: number;
    awardCents: number;
    totalCents: number;
  };
  claims: ReimbursementClaim[];
  inputs: {
    termsVersion: string;
    leadIds: string[];
    leadCount: number;
    locatedCount: number;
    acceptedClaimIds: string[];
    refusedClaimIds: string[];
  };
  terms: {
    version: string;
    effective: string;
    award: { rule: string; eligibleOfficer: string; belowTiers: string };
    overtime: { rule: string; capBasisPoints: number };
    equipment: { rule: string; capCentsPerOfficer: number };
    vehicles: { rule: string; capCentsPerAgency: number };
  };
}

export interface ReimbursementSummary {
  agencyId: string;
  agencyName: string;
  state: string;
  quarter: string;
  trainedOfficers: number;
  acceptedClaimsCents: number;
  refusedClaims: number;
  leads: number;
  locatedBasisPoints: number | null;
  tier: string | null;
  awardCents: number;
  totalCents: number;
}

export interface ClaimInput {
  agencyId?: string;
  officerId: string | null;
  quarter: string;
  kind: ClaimKind;
  amountCents: number;
  annualSalaryCents?: number | null;
  description: string;
}

export const reimbursementApi = {
  statements: (params: { quarter?: string | null }, o: Signal = {}) =>
    request<{ quarter: string; termsVersion: string; items: ReimbursementSummary[] }>(
      '/reimbursement/statements',
      { ...o, query: params },
    ),

  statement: (agencyId: string, params: { quarter?: string | null }, o: Signal = {}) =>
    request<ReimbursementStatement>(`/reimbursement/statements/${encodeURIComponent(agencyId)}`, {
      ...o,
      query: params,
    }),

  /** A claim the terms refuse is stored as refused and answered 409: thrown as an ApiError with the reason. */
  claim: (input: ClaimInput) =>
    request<{ claimId: string; agencyId: string; status: 'accepted'; termsVersion: string }>(
      '/reimbursement/claims',
      { method: 'POST', body: input },
    ),

  lead: (input: { officerId: string; assignedOn: string; outcome: LeadOutcome }) =>
    request<{ leadId: string; agencyId: string; officerId: string; quarter: string; outcome: LeadOutcome }>(
      '/reimbursement/leads',
      { method: 'POST', body: input },
    ),
};

/* ---- Task Force Model field work (issue 5): encounters, TFM steps, the supervisor report. ---- */

/** The lawful bases of a stop or arrest; immigration status and protected characteristics never are. */
export const STOP_BASES = [
  'traffic_violation',
  'observed_criminal_offense',
  'criminal_warrant',
  'probable_cause_criminal_offense',
  'reasonable_suspicion_criminal_activity',
  'ice_identified_lead_with_warrant',
  'consensual_encounter',
] as const;
export type StopBasis = (typeof STOP_BASES)[number];

export interface EncounterPerson {
  firstName: string;
  middleName?: string;
  lastName: string;
  dob: string;
  sex: 'M' | 'F' | 'X' | 'U';
  nationality?: string;
  aNumber?: string;
  fbiNumber?: string;
}

export interface EncounterInput {
  occurredAt: string;
  jurisdiction: string;
  location: string;
  basis: StopBasis | '';
  basisNarrative: string;
  person: EncounterPerson;
}

/** The TFM entries of a case's record (the rest is `CaseRecord`). */
export interface TfmRecord {
  encounter?: {
    at: string;
    by: string;
    jurisdiction: string;
    location: string;
    basis: StopBasis;
    basisNarrative: string;
    person: EncounterPerson;
  };
  warrantlessArrest?: { at: string; by: string; likelyToEscape: string };
  examination?: { at: string; by: string; exception: string | null };
  arrestAdvisals?: { at: string; by: string; language: string };
}

/** One POST /cases/:caseId/tfm/<step>, by step. */
export interface TfmSteps {
  arrest: { likelyToEscape: string; arrestedAt?: string };
  examination: { exception: string | null };
  advisals: {
    reasonsForArrest: boolean;
    rightToCounsel: boolean;
    legalServicesList: boolean;
    language: string;
  };
  release: { reason: string };
}
export type TfmStepPath = keyof TfmSteps;

export interface FieldCaseItem {
  caseId: string;
  caseNumber: string;
  jurisdiction: string | null;
  status: string;
  statusLabel: string;
  subjectName: string;
  openedAt: string;
  daysWaiting: number;
}

export interface TfmReportArrest {
  caseId: string;
  caseNumber: string;
  jurisdiction: string | null;
  arrestedAt: string;
  likelyToEscape: string;
  examination: 'other_officer' | 'exception' | 'pending';
  examinedBy: string | null;
  exceptionReason: string | null;
  advisalsRecorded: boolean;
}

export interface TfmSupervisorReport {
  from: string;
  to: string;
  agencyId: string | null;
  officers: Array<{
    userId: string;
    name: string;
    warrantlessArrests: number;
    examinerExceptions: number;
    pendingExaminations: number;
    arrests: TfmReportArrest[];
  }>;
  totals: { warrantlessArrests: number; examinerExceptions: number; pendingExaminations: number };
}

export const tfmApi = {
  encounter: (body: EncounterInput) =>
    request<{ caseId: string; caseNumber: string; subjectId: string; status: string }>('/tfm/encounters', {
      method: 'POST',
      body,
    }),

  /** The signed-in officer's agency's open field cases (GET /cases?list=field). */
  fieldCases: (o: Signal = {}) => request<Page<FieldCaseItem>>('/cases', { ...o, query: { list: 'field' } }),

  step: <S extends TfmStepPath>(caseId: string, step: S, body: TfmSteps[S]) =>
    request<{ caseId: string; status: string }>(`/cases/${encodeURIComponent(caseId)}/tfm/${step}`, {
      method: 'POST',
      body,
    }),

  report: (params: { from: string; to: string; agencyId?: string | null }, o: Signal = {}) =>
    request<TfmSupervisorReport>('/tfm/supervisor-report', { ...o, query: params }),
};

/* ---- Warrant Service Officer casework (issue 5): lodged warrants, service, transfer, oversight. ---- */

/** A facility where a WSO agreement in force lets ICE lodge warrants; `igsa`: no 48-hour clock. */
export interface WsoFacility {
  agencyId: string;
  agencyName: string;
  state: string;
  code: string;
  name: string;
  igsa: boolean;
  moaId: string;
  moaVersion: number;
}

export interface LodgeWarrantInput {
  agencyId: string;
  bookingNumber: string;
  form: WarrantForm;
  number: string;
  finalOrder?: { date: string; by: string };
}

/** A WSO case in the warrants list (GET /cases?list=warrants). */
export interface WarrantListItem {
  caseId: string;
  caseNumber: string;
  agencyId: string;
  facilityCode: string;
  status: 'warrant_lodged' | 'warrant_served';
  statusLabel: string;
  expectedReleaseAt: string | null;
  subjectName: string;
  dob: string;
  holdEndsAt: string | null;
  hoursToRelease: number | null;
  holdMinutesLeft: number | null;
}

export interface WsoAgencyFigures {
  agencyId: string;
  agencyName: string;
  lodged: number;
  served: number;
  transferred: number;
  releasedAtLimit: number;
  withdrawn: number;
  open: number;
  igsa: number;
  clock: { medianHoursToTransfer: number | null; maxHoursToTransfer: number | null; overLimit: number };
}

export interface WsoProgramView {
  at: string;
  agencies: WsoAgencyFigures[];
  totals: Omit<WsoAgencyFigures, 'agencyId' | 'agencyName' | 'clock'> & { overLimit: number };
  inspections: Array<{ agencyId: string; on: string; finding: string }>;
  inspectionsNote: string | null;
}

export const wsoApi = {
  /** The model the signed-in officer acts under: a WSO officer is offered the WSO screens only. */
  scope: (o: Signal = {}) => request<{ model: Model | null }>('/wso/scope', o),
  facilities: (o: Signal = {}) => request<{ items: WsoFacility[] }>('/wso/facilities', o),
  warrants: (o: Signal = {}) =>
    request<Page<WarrantListItem>>('/cases', { ...o, query: { list: 'warrants', limit: 200 } }),
  lodge: (body: LodgeWarrantInput) =>
    request<{ caseId: string; caseNumber: string; status: string }>('/wso/warrants', {
      method: 'POST',
      body,
    }),
  serve: (caseId: string, body: { note?: string } = {}) =>
    request<{ caseId: string; status: string }>(`/cases/${encodeURIComponent(caseId)}/wso/service`, {
      method: 'POST',
      body,
    }),
  transfer: (caseId: string, body: { receivingFacility: { name: string; address: string } }) =>
    request<{ caseId: string; status: string }>(`/cases/${encodeURIComponent(caseId)}/wso/transfer`, {
      method: 'POST',
      body,
    }),
  withdraw: (caseId: string, body: { reason: string }) =>
    request<{ caseId: string; status: string }>(`/cases/${encodeURIComponent(caseId)}/wso/withdrawal`, {
      method: 'POST',
      body,
    }),
  oversight: (o: Signal = {}) => request<WsoProgramView>('/oversight/wso', o),
};

// Oversight (issue 8): complaints ------------------------------------------------------------

export type ComplaintLanguage = 'en' | 'es';
export type ComplaintStatus = 'received' | 'acknowledged' | 'forwarded' | 'closed';
export const COMPLAINT_OUTCOMES = [
  'sustained',
  'not_sustained',
  'exonerated',
  'unfounded',
  'referred_elsewhere',
  'withdrawn',
] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

export interface ComplaintInput {
  language: ComplaintLanguage;
  narrative: string;
  occurredOn?: string | null;
  location?: string | null;
  agencyName?: string | null;
  agencyId?: string | null;
  contact?: { name?: string | null; email?: string | null; phone?: string | null } | null;
}

export interface Complaint {
  complaintId: string;
  reference: string;
  channel: 'public_form' | 'phone' | 'paper' | 'in_person';
  language: string;
  agencyId: string | null;
  agencyNamed: string | null;
  occurredOn: string | null;
  location: string | null;
  narrative: string;
  contact: { name: string | null; email: string | null; phone: string | null };
  officerIds: string[];
  caseIds: string[];
  moaIds: string[];
  status: ComplaintStatus;
  receivedAt: string;
  acknowledgedAt: string | null;
  forwardedAt: string | null;
  oprReference: string | null;
  closedAt: string | null;
  outcome: string | null;
}

export interface ComplaintDetail extends Complaint {
  history: Array<{ seq: number; at: string; by: string; kind: string; note: string | null }>;
}

type ComplaintStepAnswer = { complaintId: string; reference: string };
const complaintPath = (complaintId: string, step: string) =>
  `/complaints/${encodeURIComponent(complaintId)}/${step}`;

export const oversightApi = {
  /** The public form: no sign-in. */
  submitComplaint: (body: ComplaintInput) =>
    request<{ complaintId: string; reference: string; receivedAt: string }>('/complaints', {
      method: 'POST',
      body,
    }),
  recordComplaint: (body: ComplaintInput & { channel: 'phone' | 'paper' | 'in_person'; agencyId: string }) =>
    request<{ complaintId: string; reference: string; receivedAt: string }>('/complaints/intake', {
      method: 'POST',
      body,
    }),
  complaints: (params: { agencyId?: string; status?: ComplaintStatus } = {}, o: Signal = {}) =>
    request<{ items: Complaint[] }>('/complaints', { ...o, query: params }),
  complaint: (complaintId: string, o: Signal = {}) =>
    request<ComplaintDetail>(`/complaints/${encodeURIComponent(complaintId)}`, o),
  link: (
    complaintId: string,
    body: { agencyId?: string; officerIds?: string[]; caseIds?: string[]; moaIds?: string[] },
  ) => request<ComplaintStepAnswer>(complaintPath(complaintId, 'links'), { method: 'POST', body }),
  acknowledge: (complaintId: string, body: { note?: string } = {}) =>
    request<ComplaintStepAnswer>(complaintPath(complaintId, 'acknowledgement'), { method: 'POST', body }),
  forward: (complaintId: string, body: { oprReference?: string | null; note?: string } = {}) =>
    request<ComplaintStepAnswer>(complaintPath(complaintId, 'forwarding'), { method: 'POST', body }),
  suspend: (complaintId: string, body: { officerId: string; detail: string }) =>
    request<{ complaintId: string; officerId: string }>(complaintPath(complaintId, 'suspension'), {
      method: 'POST',
      body,
    }),
  close: (complaintId: string, body: { outcome: ComplaintOutcome; summary: string }) =>
    request<ComplaintStepAnswer>(complaintPath(complaintId, 'closure'), { method: 'POST', body }),
};

// Public statistics (issue 8; no sign-in) ------------------------------------------------------

/** A published cell: dimension values (`*` for all) and the count rounded to the nearest 10. */
export interface PublicCell {
  key: string[];
  value: number;
}

export interface PublicTable {
  id: string;
  title: string;
  measure: string;
  dimensions: string[];
  aggregation: 'sum' | 'union';
  cells: PublicCell[];
}

/** The published release; every field null and no tables before the first release. */
export interface PublicStats {
  releaseId: string | null;
  builtAt: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  methodology: string[];
  tables: PublicTable[];
}

export const publicStatsApi = {
  stats: (o: Signal = {}) => request<PublicStats>('/public-stats', o),
  /** The CSV download of one table, or `dictionary` for the data dictionary and methodology. */
  downloadUrl: (table: string) => `/api/v1/public-stats/download?table=${encodeURIComponent(table)}`,
};
