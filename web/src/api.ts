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

/** A failed API call. `title`, `detail` and `code` come from the problem-details body when present. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly code: string | undefined;
  readonly type: string | undefined;

  constructor(
    status: number,
    problem: { title?: string; detail?: string; code?: string; type?: string } = {},
  ) {
    const title = problem.title ?? (status === 0 ? 'Network error' : `Request failed (${status})`);
    super(problem.detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = problem.detail;
    this.code = problem.code;
    this.type = problem.type;
  }
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

  signIn: (email: string, password: string) =>
    request<{ user: User }>('/session', { method: 'POST', body: { email, password } }),

  session: (o: Signal = {}) => request<{ user: User }>('/session', o),

  signOut: () => request<void>('/session', { method: 'DELETE' }),
};
