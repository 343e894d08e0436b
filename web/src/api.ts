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

interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal | undefined;
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
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

type Signal = { signal?: AbortSignal | undefined };

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
