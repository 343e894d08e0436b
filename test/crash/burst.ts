/**
 * One crash run (security.md R33, R34): a writer sends up to 1,000 complaint intakes, each with
 * its own Idempotency-Key, 20 at a time, and records each answer as acknowledged (201),
 * refused (4xx), unknown (5xx, reset, timeout) or unsent (refused connection, or not sent
 * because the crash had happened). At a seeded moment 100–900 ms into the burst the server is
 * SIGKILLed (variant A) or PostgreSQL is stopped with `pg_ctl stop -m immediate` (variant B).
 * After the restart the unknown requests are sent again with the same keys, and the checker
 * proves: every acknowledged create is present exactly once with its audit event, no refused
 * or unsent one is present, the retried ones are present exactly once (a replay when the first
 * attempt had committed), nothing else was created, and `delegate audit verify` passes.
 */
import pg from 'pg';
import { type Deployment, EMAIL, type Server, signIn, startServer, verifyAuditInProcess } from './app.ts';

export type Variant = 'A' | 'B';
type State = 'ack' | 'fail' | 'unknown' | 'unsent';

interface Attempt {
  key: string;
  state: State;
  complaintId?: string;
}

export interface RunResult {
  seed: number;
  variant: Variant;
  crashAtMs: number;
  acked: number;
  refused: number;
  unknown: number;
  unsent: number;
  /** Unknown requests whose first attempt had committed (the retry replayed its answer). */
  unknownCommitted: number;
  /** Crash to serving again: server start (A) or PostgreSQL crash recovery (B), in ms. */
  recoveryMs: number;
  /** Every violation the checker found; empty when the run passes. */
  violations: string[];
  amcheck: 'clean' | 'skipped' | string;
}

export const REQUESTS = 1000;
export const CONCURRENCY = 20;

/** mulberry32: a small seeded generator, so a failing seed can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function refusedConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === 'ECONNREFUSED';
}

async function send(
  base: string,
  cookie: string,
  agencyId: string,
  key: string,
): Promise<{ state: State; complaintId?: string; replayed?: boolean }> {
  try {
    const res = await fetch(`${base}/api/v1/complaints/intake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': key },
      body: JSON.stringify({
        channel: 'phone',
        language: 'en',
        agencyId,
        // The same body on a retry: another body under the same key is a 409 (R35).
        narrative: `Crash-test complaint ${key}: the caller reports a missing property receipt.`,
      }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status === 201) {
      return {
        state: 'ack',
        complaintId: (JSON.parse(text) as { complaintId: string }).complaintId,
        replayed: res.headers.get('idempotent-replayed') === 'true',
      };
    }
    return { state: res.status >= 400 && res.status < 500 ? 'fail' : 'unknown' };
  } catch (error) {
    return { state: refusedConnection(error) ? 'unsent' : 'unknown' };
  }
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(text, values)).rows;
  } finally {
    await c.end();
  }
}

const complaintCount = async (url: string) =>
  Number((await query<{ n: string }>(url, 'SELECT count(*)::text AS n FROM complaints'))[0]!.n);

/**
 * Runs one seed against a running `server` (which may be replaced: the returned server is the
 * one running afterwards). The session cookie survives both crashes: sessions live in the database.
 */
export async function crashRun(
  dep: Deployment,
  server: Server,
  cookie: string,
  seed: number,
  variant: Variant,
): Promise<{ result: RunResult; server: Server }> {
  const rng = seeded(seed);
  const crashAtMs = Math.round(100 + rng() * 800);
  const before = await complaintCount(dep.adminUrl);
  const attempts: Attempt[] = Array.from({ length: REQUESTS }, (_, i) => ({
    key: `crash-${seed}-${variant}-${i}-${Math.floor(rng() * 1e9).toString(36)}`,
    state: 'unsent',
  }));
  let crashed = false;
  const crash = new Promise<void>((resolve) => setTimeout(resolve, crashAtMs))
    .then(() => (variant === 'A' ? server.kill() : dep.cluster.crash()))
    .then(() => {
      crashed = true;
    });
  await pool(attempts, CONCURRENCY, async (a) => {
    if (crashed) return; // stays "unsent": the burst ends with the crash
    const r = await send(server.base, cookie, dep.agencyId, a.key);
    a.state = r.state;
    if (r.complaintId) a.complaintId = r.complaintId;
  });
  await crash;
  // The burst may finish before the crash moment; the crash still happens, then the restart.
  const t0 = performance.now();
  let current = server;
  const serverDied: string[] = [];
  if (variant === 'B' && !server.alive()) {
    // The server must ride out a database restart; note it, and start it again to go on checking.
    serverDied.push(
      `the server exited when PostgreSQL stopped: ${server.stderr().trim().split('\n').slice(-3).join(' | ')}`,
    );
  }
  if (variant === 'A') current = await startServer(dep.env);
  else await dep.cluster.start();
  if (serverDied.length) current = await startServer(dep.env);
  const recoveryMs = Math.round(performance.now() - t0);

  const unknown = attempts.filter((a) => a.state === 'unknown');
  let unknownCommitted = 0;
  const retryFailures: string[] = [];
  await pool(unknown, CONCURRENCY, async (a) => {
    const r = await send(current.base, cookie, dep.agencyId, a.key);
    if (r.state !== 'ack' || !r.complaintId) {
      retryFailures.push(`retry of ${a.key} answered ${r.state}`);
      return;
    }
    if (r.replayed) unknownCommitted++;
    a.complaintId = r.complaintId;
  });

  const violations = [...serverDied, ...retryFailures, ...(await check(dep, attempts, before))];
  const audit = await verifyAuditInProcess(dep);
  if (!audit.ok) violations.push(`audit verify: ${JSON.stringify(audit)}`);
  let amcheck: RunResult['amcheck'] = 'skipped';
  if (variant === 'B') amcheck = await runAmcheck(dep);
  if (amcheck !== 'clean' && amcheck !== 'skipped') violations.push(`pg_amcheck: ${amcheck}`);
  const count = (s: State) => attempts.filter((a) => a.state === s).length;
  return {
    server: current,
    result: {
      seed,
      variant,
      crashAtMs,
      acked: count('ack'),
      refused: count('fail'),
      unknown: unknown.length,
      unsent: count('unsent'),
      unknownCommitted,
      recoveryMs,
      violations,
      amcheck,
    },
  };
}

/** The invariants of R33/R34, as SQL over what the writer recorded. */
async function check(dep: Deployment, attempts: Attempt[], before: number): Promise<string[]> {
  const violations: string[] = [];
  const keys = await query<{ key: string; status: number | null; complaint_id: string | null }>(
    dep.adminUrl,
    `SELECT k.key, k.status, k.response->>'complaintId' AS complaint_id
       FROM idempotency_keys k JOIN users u ON k.actor_id = u.user_id::text
      WHERE u.email = $1 AND k.key = ANY($2)`,
    [EMAIL, attempts.map((a) => a.key)],
  );
  const byKey = new Map(keys.map((k) => [k.key, k]));
  const rows = await query<{ complaint_id: string; audits: string }>(
    dep.adminUrl,
    `SELECT c.complaint_id::text, (SELECT count(*) FROM audit_events e
        WHERE e.type = 'complaint.received' AND e.resource_id = c.complaint_id::text)::text AS audits
       FROM complaints c WHERE c.complaint_id::text = ANY($1)`,
    [keys.map((k) => k.complaint_id).filter(Boolean)],
  );
  const audits = new Map(rows.map((r) => [r.complaint_id, Number(r.audits)]));
  let present = 0;
  for (const a of attempts) {
    const stored = byKey.get(a.key);
    if (a.state === 'ack' || a.state === 'unknown') {
      if (stored?.status !== 201 || stored.complaint_id !== a.complaintId) {
        violations.push(
          `${a.state} ${a.key}: key stored ${JSON.stringify(stored ?? null)}, answered ${a.complaintId}`,
        );
        continue;
      }
      const n = audits.get(stored.complaint_id!);
      if (n === undefined) violations.push(`${a.state} ${a.key}: complaint ${a.complaintId} is missing`);
      else if (n !== 1) violations.push(`${a.state} ${a.key}: ${n} audit events for ${a.complaintId}`);
      present++;
    } else if (stored) {
      violations.push(`${a.state} ${a.key} was written`);
    }
  }
  const created = (await complaintCount(dep.adminUrl)) - before;
  if (created !== present) violations.push(`${created} complaints created for ${present} answered requests`);
  return violations;
}

/** `pg_amcheck --heapallindexed` over the database (installs the amcheck extension if needed). */
async function runAmcheck(dep: Deployment): Promise<RunResult['amcheck']> {
  try {
    await dep.cluster.tool('pg_amcheck', [
      '--heapallindexed',
      '--install-missing',
      '-h',
      '127.0.0.1',
      '-p',
      String(dep.cluster.port),
      '-U',
      'delegate',
      'delegate',
    ]);
    return 'clean';
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return (e.stdout || e.stderr || e.message).trim().split('\n').slice(0, 3).join(' | ');
  }
}

/** A fresh session for the writer (first call enrols TOTP; later calls reuse the key). */
export async function writerSession(server: Server, secret?: string) {
  return signIn(server.base, secret);
}
