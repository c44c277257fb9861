// The API client: same origin, the session cookie goes by itself; every write echoes the CSRF
// cookie in X-XSRF-TOKEN; problem+json answers become ApiError; a 401 tells the app to sign in.

export type JobStatus = 'QUEUED' | 'RUNNING' | 'CANCELLING' | 'SUCCEEDED' | 'PARTIAL' | 'FAILED' | 'CANCELLED';

export interface Pages { total: number; done: number; skipped: number; failed: number; flags?: number }
export interface Usage { prompt: number; output: number; total: number }
export interface Job {
  id: string;
  status: JobStatus;
  batchId?: string;
  filename?: string;
  type?: string;
  sizeBytes?: number;
  pages: Pages;
  engines?: string[];
  usage?: Usage;
  cost?: { currency: string; estimated?: number };
  errorCode?: string;
  errorMessage?: string;
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  flaggedPages?: { page: number; status: string; codes?: string[]; detail?: string }[];
  links?: { cancel?: string; retry?: string };
}
export interface Page {
  page: number;
  status: string;
  engine?: string;
  model?: string;
  text?: string;
  usage?: Usage;
  /** Estimated by the API's price table, in the job's cost currency; absent when unpriced. */
  cost?: number;
  latencyMs?: number;
  flags?: { code: string; detail?: string }[];
  errorCode?: string;
  errorMessage?: string;
  finishedAt?: string;
}
export interface Me { subject: string; name: string; roles: string[]; method: string }
export interface Token {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt?: string;
  expired?: boolean;
  token?: string;
}
export interface AuditEvent {
  id: string;
  at: string;
  actor?: string;
  action: string;
  target?: { type: string; id?: string };
  outcome: string;
  reason?: string;
  ip?: string;
  requestId?: string;
}
export interface QueueFigures {
  at: string;
  pagesWaiting: number;
  pagesInFlight: number;
  workers: number;
  workerIds: string[];
  pagesPerMinute: number;
  pagesFinished: number;
  windowSeconds: number;
  jobsWaiting: number;
  jobsRunning: number;
  deadLettered?: number | null;
}
export interface Batch { batchId: string; jobs: Record<string, number>; pages: Pages; items: Job[] }

export const TERMINAL: ReadonlySet<string> = new Set(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string | undefined,
  ) {
    super(detail ?? title);
  }
}

/** Fired when the API says the caller is not signed in (the session ended). */
export const SIGNED_OUT_EVENT = 'ocrpipe:signed-out';

export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'XSRF-TOKEN') {
      return decodeURIComponent(value.join('='));
    }
  }
  return undefined;
}

export async function problemOf(status: number, statusText: string, body: string): Promise<ApiError> {
  try {
    const problem = JSON.parse(body) as { title?: string; detail?: string; code?: string };
    return new ApiError(status, problem.title ?? statusText, problem.detail, problem.code);
  } catch {
    return new ApiError(status, statusText || `HTTP ${status}`, undefined, undefined);
  }
}

function signalSignedOut(status: number, path: string) {
  if (status === 401 && path !== '/api/v1/me') {
    window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  }
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers);
  headers.set('Accept', 'application/json, application/problem+json');
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token) headers.set('X-XSRF-TOKEN', token);
  }
  const response = await fetch(path, { ...init, method, headers, credentials: 'same-origin' });
  if (!response.ok) {
    signalSignedOut(response.status, path);
    throw await problemOf(response.status, response.statusText, await response.text());
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

/** Jobs this tab deleted: a late event of one is not worth a read that can only answer 404. */
export const deletedJobs = new Set<string>();

export const api = {
  me: () => request<Me>('/api/v1/me'),
  limits: () => request<{ maxFileBytes: number; maxRequestBytes: number; maxFilesPerRequest: number }>('/api/v1/limits'),
  logout: () => request<void>('/api/v1/auth/logout', { method: 'POST' }),
  jobs: (params: { status?: string; cursor?: string; limit?: number }) => {
    const q = new URLSearchParams();
    if (params.status) q.set('status', params.status);
    if (params.cursor) q.set('cursor', params.cursor);
    q.set('limit', String(params.limit ?? 20));
    return request<{ items: Job[]; nextCursor?: string }>(`/api/v1/jobs?${q}`);
  },
  job: (id: string) => request<Job>(`/api/v1/jobs/${encodeURIComponent(id)}`),
  pages: (id: string, after: number) =>
    request<{ items: Page[]; nextAfter: number }>(`/api/v1/jobs/${encodeURIComponent(id)}/pages?after=${after}&limit=500`),
  batch: (id: string) => request<Batch>(`/api/v1/batches/${encodeURIComponent(id)}`),
  cancel: (id: string) => request<Job>(`/api/v1/jobs/${encodeURIComponent(id)}/cancel`, { method: 'POST' }),
  retry: (id: string) => request<Job>(`/api/v1/jobs/${encodeURIComponent(id)}/retry`, { method: 'POST' }),
  remove: (id: string) => request<void>(`/api/v1/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' })
    .then(() => { deletedJobs.add(id); }),
  tokens: () => request<Token[] | { items: Token[] }>('/api/v1/tokens'),
  createToken: (body: { name: string; scopes: string[]; expiresInDays: number }) =>
    request<Token>('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json' },
    }),
  audit: (params: { actor?: string; action?: string; from?: string; to?: string; cursor?: string }) => {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) q.set(key, value);
    q.set('limit', '50');
    return request<{ items: AuditEvent[]; nextCursor?: string }>(`/api/v1/audit?${q}`);
  },
  opsQueue: () => request<QueueFigures>('/api/v1/ops/queue'),
  revokeToken: (id: string) => request<void>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' }),
};

export type UploadAnswer = Job | { batchId: string; jobs: Job[] };

/**
 * Uploads files in one multipart request (one job each, grouped as a batch by the API) with
 * XMLHttpRequest, whose upload progress fetch cannot report. The Idempotency-Key makes a retry of
 * this very request answer the first result instead of creating the jobs twice.
 */
export function upload(
  files: File[],
  idempotencyKey: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/jobs');
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey);
    const token = csrfToken();
    if (token) xhr.setRequestHeader('X-XSRF-TOKEN', token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded, e.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(JSON.parse(xhr.responseText) as UploadAnswer);
      } else {
        signalSignedOut(xhr.status, '/api/v1/jobs');
        void problemOf(xhr.status, xhr.statusText, xhr.responseText).then(reject);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'Network error', 'The upload did not reach the server; retry it.', 'NETWORK'));
    const form = new FormData();
    for (const file of files) form.append('file', file, file.name);
    xhr.send(form);
  });
}
