/**
 * The audit chain (security.md R17): appended inside the caller's transaction, verified from the
 * first row. Each row's hash covers the previous row's hash and its own content in a canonical
 * serialisation with domain separation, so any edit, deletion, reordering or insertion breaks
 * the chain from that row on, and the single-row audit_head catches a truncated tail.
 *
 * Format 2 (migration 0020): the content is the row's columns as one JSON object with sorted
 * keys, `data` as PostgreSQL renders the stored jsonb, the time to the microsecond
 * (`audit_canonical_v2`). The row keeps those bytes in a generated column, `canonical`, which
 * therefore always says what the columns say. The database computes the hash in the statement
 * that appends the row and advances the head, so an append is one round trip; the verifier
 * hashes the stored bytes, after checking that the column and its function are still the ones
 * migration 0020 created. Format 1 rows (written before) hash `canonicalJson` of the same fields.
 */
import { hash as digest } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../domain/actor.ts';
import { type AuditEvent, outcomeOf } from '../domain/audit.ts';
import type { Db, Tx } from './db.ts';
import type { AuditEventsTable } from './schema.ts';

export interface AuditRowContent {
  seq: number;
  eventId: string;
  occurredAt: string;
  type: string;
  actorId: string;
  actorRole: string | null;
  agencyId: string | null;
  outcome: string;
  resourceType: string | null;
  resourceId: string | null;
  data: unknown;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Domain separation: a hash of this chain can never be mistaken for any other SHA-256 use. */
export const CHAIN_DOMAIN = 'delegate.audit.chain.v1';
export const CHAIN_DOMAIN_V2 = 'delegate.audit.chain.v2';
export const GENESIS_HASH = '0'.repeat(64);

/** Format 1: the hash of a row from the canonical JSON of its content. */
export const chainHash = (prevHash: string, row: AuditRowContent): string =>
  digest('sha256', `${CHAIN_DOMAIN}\0${prevHash}\0${canonicalJson(row)}`, 'hex');

const str = JSON.stringify;
const orNull = (v: string | null): string => (v === null ? 'null' : str(v));

/** Microseconds, as `to_char(... 'US')` renders them: the ISO time with six fractional digits. */
const isoMicros = (iso: string): string => iso.replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * Format 2 in JavaScript: what `audit_canonical_v2` renders for a row whose strings need no
 * escaping beyond JSON's and whose `dataText` is PostgreSQL's rendering of `data` (tests build
 * chains with it). The database's rendering is the reference.
 */
export const canonicalV2 = (c: Omit<AuditRowContent, 'data'>, dataText: string): string =>
  `{"actorId":${str(c.actorId)},"actorRole":${orNull(c.actorRole)},"agencyId":${orNull(c.agencyId)},"data":${dataText},"eventId":${str(c.eventId)},"occurredAt":${str(isoMicros(c.occurredAt))},"outcome":${str(c.outcome)},"resourceId":${orNull(c.resourceId)},"resourceType":${orNull(c.resourceType)},"seq":${c.seq},"type":${str(c.type)}}`;

const utf8 = (s: string) => Buffer.from(s, 'utf8');
/** jsonb's key order: shorter (in UTF-8 bytes) first, then bytewise. */
const jsonbKeyOrder = (a: string, b: string): number => {
  const x = utf8(a);
  const y = utf8(b);
  return x.length - y.length || Buffer.compare(x, y);
};
const plainText = (s: string): boolean => s.isWellFormed() && !s.includes('\0');

/**
 * How PostgreSQL renders `value` as jsonb text (`{"a": 1, "b": [true, null]}`: keys by length,
 * then bytes; `, ` and `: `), for values whose rendering is certain: strings, safe integers,
 * booleans, null, and arrays and objects of them. Null for anything else (fractions, huge
 * numbers, malformed strings): the database renders those itself.
 */
export function jsonbText(value: unknown): string | null {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value === 0 ? 0 : value) : null;
  if (typeof value === 'string') return plainText(value) ? str(value) : null;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const v of value) {
      const t = v === undefined ? 'null' : jsonbText(v);
      if (t === null) return null;
      items.push(t);
    }
    return `[${items.join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    const parts: string[] = [];
    for (const [k, v] of entries.sort(([a], [b]) => jsonbKeyOrder(a, b))) {
      const t = jsonbText(v);
      if (t === null || !plainText(k)) return null;
      parts.push(`${str(k)}: ${t}`);
    }
    return `{${parts.join(', ')}}`;
  }
  return null;
}

/** Format 2: the exact bytes a row's hash covers. */
export const chainBytesV2 = (prevHash: string, canonical: string): string =>
  `${CHAIN_DOMAIN_V2}\n${prevHash}\n${canonical}`;

export const chainHashV2 = (prevHash: string, canonical: string): string =>
  digest('sha256', chainBytesV2(prevHash, canonical), 'hex');

/** What one audited write costs the caller: the row, chained, in the caller's transaction. */
export type AuditAppender = (tx: Tx, actor: Actor, at: Date, event: AuditEvent) => Promise<string>;

/**
 * The appender each database uses. Production never sets one: every store appends through
 * `appendChained`. Only the bench (`bench/audit.ts`) installs another, to measure what auditing
 * costs; no configuration or environment variable reaches this map.
 */
const appenders = new WeakMap<object, AuditAppender>();

/** The identity of a database, shared by its transactions (Kysely's dialect adapter). */
const dbKey = (db: Db | Tx): object => db.getExecutor().adapter;

/** Bench only: route this database's audit appends through `appender` (see bench/audit.ts). */
export function installAuditAppenderForBench(db: Db, appender: AuditAppender): void {
  appenders.set(dbKey(db), appender);
}

export const appendAudit: AuditAppender = (tx, actor, at, event) =>
  (appenders.get(dbKey(tx)) ?? appendChained)(tx, actor, at, event);

/** Records an event in a transaction of its own (denials and refusals that change nothing else). */
export const recordAudit = (db: Db, actor: Actor, at: Date, event: AuditEvent): Promise<string> =>
  db.transaction().execute((tx) => appendAudit(tx, actor, at, event));

/**
 * The last head this process wrote, per database: a guess that lets one statement check and
 * advance the head and insert the row. A wrong guess (another process wrote, or the
 * transaction that wrote it rolled back) costs one more round trip, never correctness: the
 * head moves only while it still holds the guessed (seq, hash), and its row lock serialises
 * writers.
 */
const lastHeads = new WeakMap<object, { seq: number; hash: string }>();

const rowFor = (seq: number, actor: Actor, at: Date, event: AuditEvent): AuditRowContent => ({
  seq,
  eventId: uuidv7(),
  occurredAt: at.toISOString(),
  type: event.type,
  actorId: actor.id,
  actorRole: actor.role,
  agencyId: actor.agencyId,
  outcome: outcomeOf(event),
  resourceType: event.resource?.type ?? null,
  resourceId: event.resource?.id ?? null,
  data: event.data,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The canonical bytes of `c` as the database will render them, when that is certain (plain
 * strings, a lower-case uuid, data `jsonbText` can render); else null.
 */
function predictCanonical(c: AuditRowContent): string | null {
  const data = jsonbText(c.data);
  if (data === null || !UUID.test(c.eventId) || (c.agencyId !== null && !UUID.test(c.agencyId))) return null;
  for (const t of [c.type, c.actorId, c.actorRole, c.outcome, c.resourceType, c.resourceId])
    if (t !== null && !plainText(t)) return null;
  return canonicalV2(c, data);
}

/**
 * Inserts the row and advances the head, only if the head is still (seq - 1, prevHash);
 * returns the new hash, or null when the head had moved. Usually the bytes are known here and
 * hashed here, and the row's generated `canonical` (the database's rendering) must equal them,
 * or the append fails and nothing commits. Otherwise the database renders and hashes them.
 * The values go as bound parameters, never spliced into the text: inlining them as escaped
 * literals saved a few per cent of a request's CPU on PGlite, within the bench's noise, and is
 * not worth hand-written escaping on the audit path.
 */
async function tryAppend(tx: Tx, prevHash: string, c: AuditRowContent): Promise<string | null> {
  const predicted = predictCanonical(c);
  if (predicted === null) return tryAppendRenderedByDatabase(tx, prevHash, c);
  const hash = chainHashV2(prevHash, predicted);
  const r = await sql<{ canonical: string | null }>`
    SELECT audit_append_v2(${c.seq}, ${prevHash}, ${hash}, ${c.eventId}, ${c.occurredAt}, ${c.type}, ${c.actorId},
                           ${c.actorRole}, ${c.agencyId}, ${c.outcome}, ${c.resourceType}, ${c.resourceId},
                           ${JSON.stringify(c.data)}) AS canonical`.execute(tx);
  const row = r.rows[0];
  if (!row || row.canonical === null) return null;
  if (row.canonical !== predicted)
    throw new Error(`audit row ${c.seq}: the database rendered its content differently`);
  return hash;
}

/** The same append with the bytes rendered and hashed by the database (data outside `jsonbText`). */
async function tryAppendRenderedByDatabase(
  tx: Tx,
  prevHash: string,
  c: AuditRowContent,
): Promise<string | null> {
  const r = await sql<{ hash: string }>`
    WITH content AS (
      SELECT ${JSON.stringify(c.data)}::jsonb AS data, ${c.eventId}::uuid AS event_id,
             ${c.occurredAt}::timestamptz AS occurred_at, ${c.agencyId}::uuid AS agency_id
    ), chained AS (
      SELECT content.*, encode(sha256(convert_to(${`${CHAIN_DOMAIN_V2}\n${prevHash}\n`} || audit_canonical_v2(
               ${c.seq}, event_id, occurred_at, ${c.type}, ${c.actorId}, ${c.actorRole}, agency_id, ${c.outcome},
               ${c.resourceType}, ${c.resourceId}, data), 'UTF8')), 'hex') AS hash
      FROM content
    ), head AS (
      UPDATE audit_head SET seq = ${c.seq}, hash = (SELECT hash FROM chained)
      WHERE id = 1 AND seq = ${c.seq - 1} AND hash = ${prevHash}
      RETURNING hash
    )
    INSERT INTO audit_events (seq, event_id, occurred_at, type, actor_id, actor_role, agency_id, outcome,
                              resource_type, resource_id, data, prev_hash, hash, chain_version)
    SELECT ${c.seq}, chained.event_id, chained.occurred_at, ${c.type}, ${c.actorId}, ${c.actorRole},
           chained.agency_id, ${c.outcome}, ${c.resourceType}, ${c.resourceId}, chained.data, ${prevHash},
           head.hash, 2
    FROM head, chained
    RETURNING hash`.execute(tx);
  return r.rows[0]?.hash ?? null;
}

/** The production appender: one statement when this process wrote the head last, else two. */
async function appendChained(tx: Tx, actor: Actor, at: Date, event: AuditEvent): Promise<string> {
  const key = dbKey(tx);
  const guess = lastHeads.get(key);
  if (guess) {
    const content = rowFor(guess.seq + 1, actor, at, event);
    const hash = await tryAppend(tx, guess.hash, content);
    if (hash) {
      lastHeads.set(key, { seq: content.seq, hash });
      return content.eventId;
    }
  }
  // Lock the head and read it; the append below then cannot miss.
  const head = await sql<{ seq: string | number; hash: string }>`
    SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`.execute(tx);
  const { seq, hash: prevHash } = head.rows[0]!;
  const content = rowFor(Number(seq) + 1, actor, at, event);
  const hash = await tryAppend(tx, prevHash, content);
  if (!hash) throw new Error('the audit head moved while locked');
  lastHeads.set(key, { seq: content.seq, hash });
  return content.eventId;
}

export interface ChainCheck {
  ok: boolean;
  rows: number;
  /** The first row that does not hold (or where rows are missing), else null. */
  firstBadSeq: number | null;
  reason: string | null;
  head: { seq: number; hash: string };
}

const PAGE = 5000;

/** What the hash covers, read back from a stored row. */
export function rowContent(r: Selectable<AuditEventsTable>): AuditRowContent {
  return {
    seq: Number(r.seq),
    eventId: r.event_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
    type: r.type,
    actorId: r.actor_id,
    actorRole: r.actor_role,
    agencyId: r.agency_id,
    outcome: r.outcome,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    data: r.data,
  };
}

/** One row as the verifier needs it: the hash it has, and the hash its content gives. */
interface VerifyRow {
  seq: number;
  prevHash: string;
  hash: string;
  computed: string;
}

/** A page read row by row (the slow path), or as one text value (`fastPage`). */
type Batch = { rows: VerifyRow[]; last: number | null } | FastPage;

interface FastPage {
  page: string;
  from: number;
  n: number;
}

// `canonical` is JSON with every control character escaped, so it never holds this separator.
const RECORD = '\x1e';
const HASH_LENGTH = 64;
/** What precedes a format-2 row's previous hash in the bytes its hash covers. */
const CHAIN_PREFIX_V2 = `${CHAIN_DOMAIN_V2}\n`;

/**
 * The page of rows `from` to `from + PAGE - 1` as one text value, one record per row in
 * sequence order: `seq:`, the stored hash, then the exact bytes that hash must cover (domain,
 * stored previous hash, canonical bytes). The driver parses one value instead of thousands of
 * rows, and each row is hashed from a slice of it, so the verifier copies almost nothing.
 * `checkPage` checks every part of every record (sequence, domain, previous hash, hash), so
 * nothing the database adds is trusted. Null when the page is not a run of format-2 rows with
 * 64-byte hashes starting at `from` (a gap, a format-1 row): the slow path reads it row by row.
 */
async function fastBatch(db: Db, from: number): Promise<FastPage | null> {
  // The ordered subquery (not ORDER BY inside the aggregate) spares PostgreSQL 15 a sort; the
  // `seq:` tag on each record makes the order checked, not assumed.
  const r = await sql<{
    page: string | null;
    n: string | number;
    n_good: string | number;
    first: string | number | null;
    last: string | number | null;
  }>`
    SELECT string_agg(record, ${RECORD}) AS page, count(*) AS n, count(*) FILTER (WHERE good) AS n_good,
           min(seq) AS first, max(seq) AS last
    FROM (SELECT seq, seq || ':' || hash || ${CHAIN_PREFIX_V2} || prev_hash || E'\n' || canonical AS record,
                 canonical IS NOT NULL AND octet_length(hash) = ${HASH_LENGTH}
                   AND octet_length(prev_hash) = ${HASH_LENGTH} AS good
          FROM audit_events WHERE seq >= ${from} AND seq < ${from + PAGE} ORDER BY seq) AS rows`.execute(db);
  const row = r.rows[0]!;
  const n = Number(row.n);
  if (n === 0 || Number(row.n_good) !== n || Number(row.first) !== from || Number(row.last) !== from + n - 1)
    return null;
  return { page: row.page!, from, n };
}

type PageCheck = { prev: string } | { seq: number; reason: string } | 'slow';

/**
 * Checks a page read by `fastBatch` against the chain so far (`prev`): each record must carry
 * the next sequence number, the domain and `prev`, and its stored hash must be the SHA-256 of
 * its bytes. 'slow' when a record is not shaped as `fastBatch` builds them.
 */
function checkPage({ page, from, n }: FastPage, prev: string): PageCheck {
  let at = 0;
  for (let i = 0; i < n; i++) {
    const seq = from + i;
    const tag = `${seq}:`;
    if (!page.startsWith(tag, at)) return 'slow';
    const hashAt = at + tag.length;
    const bytesAt = hashAt + HASH_LENGTH;
    if (!page.startsWith(CHAIN_PREFIX_V2, bytesAt)) return 'slow';
    const canonicalAt = bytesAt + CHAIN_PREFIX_V2.length + HASH_LENGTH + 1;
    const next = page.indexOf(RECORD, canonicalAt);
    if (next < 0 !== (i === n - 1)) return 'slow';
    if (!page.startsWith(prev, bytesAt + CHAIN_PREFIX_V2.length) || page[canonicalAt - 1] !== '\n')
      return { seq, reason: `row ${seq} does not follow row ${seq - 1}` };
    const computed = digest('sha256', page.slice(bytesAt, next < 0 ? page.length : next), 'hex');
    if (!page.startsWith(computed, hashAt)) return { seq, reason: `row ${seq} was altered` };
    prev = computed;
    at = next + 1;
  }
  return { prev };
}

/** The same page row by row, for pages that hold format-1 rows. */
async function slowBatch(db: Db, from: number): Promise<{ rows: VerifyRow[]; last: number | null }> {
  const stored = await sql<
    Selectable<AuditEventsTable> & { chain_version: number; canonical: string | null }
  >`
    SELECT * FROM audit_events WHERE seq >= ${from} ORDER BY seq LIMIT ${PAGE}`.execute(db);
  const rows = stored.rows.map(
    (r): VerifyRow => ({
      seq: Number(r.seq),
      prevHash: r.prev_hash,
      hash: r.hash,
      computed:
        r.chain_version === 1
          ? chainHash(r.prev_hash, rowContent(r))
          : r.canonical === null
            ? ''
            : chainHashV2(r.prev_hash, r.canonical),
    }),
  );
  return { rows, last: rows.length ? rows[rows.length - 1]!.seq : null };
}

const batchFrom = async (db: Db, from: number): Promise<Batch> =>
  (await fastBatch(db, from)) ?? slowBatch(db, from);

/** The SHA-256 of `audit_canonical_v2`'s body as migration 0020 created it. */
export const CANONICAL_FUNCTION_SHA256 = '99d70ada212b484c3b332b36f27ac54784ef02ed2a71bdeff7f856f27339abbd';

/**
 * Null when `canonical` is still generated by the function migration 0020 created; else why
 * not. A DBA who replaced either could make the stored bytes disagree with the columns.
 */
async function canonicalColumnProblem(db: Db): Promise<string | null> {
  const r = await sql<{ generated: string | null; expr: string | null; body: string | null }>`
    SELECT (SELECT attgenerated::text FROM pg_attribute
             WHERE attrelid = 'audit_events'::regclass AND attname = 'canonical' AND NOT attisdropped) AS generated,
           (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a
              ON a.attrelid = d.adrelid AND a.attnum = d.adnum
             WHERE d.adrelid = 'audit_events'::regclass AND a.attname = 'canonical') AS expr,
           (SELECT prosrc FROM pg_proc WHERE proname = 'audit_canonical_v2'
              AND pronamespace = (SELECT relnamespace FROM pg_class WHERE oid = 'audit_events'::regclass)) AS body`.execute(
    db,
  );
  const { generated, expr, body } = r.rows[0]!;
  if (generated !== 's' || !expr?.includes('audit_canonical_v2('))
    return 'the canonical column is no longer generated';
  if (body === null || digest('sha256', body, 'hex') !== CANONICAL_FUNCTION_SHA256)
    return 'the function that renders canonical rows was replaced';
  return null;
}

/**
 * Re-computes the chain from the first row, a page at a time (the next page is read while this
 * one is hashed), and checks it ends where audit_head says it ends (so a truncated tail is
 * caught too). Names the first bad row.
 */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  const headRow = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  const head = { seq: Number(headRow.seq), hash: headRow.hash };
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  const bad = (seq: number, reason: string): ChainCheck => ({
    ok: false,
    rows: expectedSeq - 1,
    firstBadSeq: seq,
    reason,
    head,
  });
  const prefetch = (from: number) => {
    const p = batchFrom(db, from);
    p.catch(() => {}); // awaited below unless an earlier row already failed
    return p;
  };
  // The first page is read while the column is checked (after the head, as before).
  let next = prefetch(1);
  const columnProblem = await canonicalColumnProblem(db);
  if (columnProblem) return bad(1, columnProblem);
  for (;;) {
    const batch = await next;
    let rows: VerifyRow[];
    if ('page' in batch) {
      next = prefetch(batch.from + batch.n);
      const checked = checkPage(batch, prev);
      if (checked !== 'slow') {
        if ('reason' in checked) {
          expectedSeq = checked.seq;
          return bad(checked.seq, checked.reason);
        }
        prev = checked.prev;
        expectedSeq = batch.from + batch.n;
        continue;
      }
      rows = (await slowBatch(db, batch.from)).rows;
    } else {
      if (batch.rows.length === 0) break;
      next = prefetch(batch.last! + 1);
      rows = batch.rows;
    }
    for (const r of rows) {
      const seq = r.seq;
      if (seq !== expectedSeq) return bad(expectedSeq, `row ${expectedSeq} is missing`);
      if (r.prevHash !== prev) return bad(seq, `row ${seq} does not follow row ${seq - 1}`);
      if (r.computed !== r.hash) return bad(seq, `row ${seq} was altered`);
      prev = r.hash;
      expectedSeq++;
    }
  }
  const rowsSeen = expectedSeq - 1;
  if (rowsSeen > head.seq) return bad(head.seq + 1, `row ${head.seq + 1} lies beyond the recorded head`);
  if (rowsSeen < head.seq) return bad(rowsSeen + 1, `rows ${rowsSeen + 1} to ${head.seq} are missing`);
  if (prev !== head.hash) return bad(rowsSeen, `row ${rowsSeen} does not match the recorded head`);
  return { ok: true, rows: rowsSeen, firstBadSeq: null, reason: null, head };
}

/** The hash stored for one row, to compare with a checkpoint. */
export async function auditRowHash(db: Db, seq: number): Promise<string | null> {
  const r = await db.selectFrom('audit_events').select('hash').where('seq', '=', seq).executeTakeFirst();
  return r?.hash ?? null;
}

export async function auditHead(db: Db): Promise<{ seq: number; hash: string }> {
  const r = await db.selectFrom('audit_head').select(['seq', 'hash']).executeTakeFirstOrThrow();
  return { seq: Number(r.seq), hash: r.hash };
}

/** What an auditor may search the trail by (every field optional; all given must hold). */
export interface AuditSearch {
  /** The acting user's or operator's id. */
  actorId?: string | undefined;
  /** A subject: the subject's own events, and events whose data names it. */
  subjectId?: string | undefined;
  /** A case: the case's own events, and events whose data names it (system queries). */
  caseId?: string | undefined;
  type?: string | undefined;
  /** occurred_at >= from, < to. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Newest first: only rows with a sequence number below this one. */
  before?: number | undefined;
  limit: number;
}

export interface AuditEventRow {
  seq: number;
  eventId: string;
  occurredAt: string;
  type: string;
  actorId: string;
  actorRole: string | null;
  agencyId: string | null;
  outcome: string;
  resourceType: string | null;
  resourceId: string | null;
  data: Record<string, unknown>;
  hash: string;
}

/** Events matching `q`, newest first, at most `q.limit`. */
export async function searchAuditEvents(db: Db | Tx, q: AuditSearch): Promise<AuditEventRow[]> {
  let query = db.selectFrom('audit_events').selectAll();
  if (q.actorId !== undefined) query = query.where('actor_id', '=', q.actorId);
  if (q.type !== undefined) query = query.where('type', '=', q.type);
  if (q.from !== undefined) query = query.where('occurred_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('occurred_at', '<', q.to);
  if (q.before !== undefined) query = query.where('seq', '<', q.before);
  for (const [type, id, key] of [
    ['subject', q.subjectId, 'subjectId'],
    ['case', q.caseId, 'caseId'],
  ] as const) {
    if (id === undefined) continue;
    query = query.where((eb) =>
      eb.or([
        eb.and([eb('resource_type', '=', type), eb('resource_id', '=', id)]),
        eb(sql<string>`data ->> ${key}`, '=', id),
      ]),
    );
  }
  const rows = await query.orderBy('seq', 'desc').limit(q.limit).execute();
  return rows.map((r) => ({ ...rowContent(r), data: r.data, hash: r.hash }));
}
