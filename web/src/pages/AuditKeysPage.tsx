/**
 * `/audit/keys`: the key that signs the audit trail's checkpoints and the newest checkpoints
 * (issue 7; security.md R18), for auditors. Shows the Ed25519 public key and its SHA-256
 * fingerprint, where checkpoints are written, each checkpoint's length, head hash, time and
 * signature check, a warning when the newest is more than an hour old, and a button that writes
 * one now (the server asks for a recent re-authentication). The private key never leaves the server.
 */
import { useState } from 'react';
import { type ApiError, request } from '../api.ts';
import { useSignOutOnUnauthorized } from '../components/auth.tsx';
import { ErrorMessage, Loading, SuccessMessage } from '../components/common.tsx';
import { DataTable } from '../components/fields.tsx';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

interface AuditKey {
  configured: boolean;
  algorithm: string;
  publicKey: string | null;
  publicKeyPem: string | null;
  fingerprintSha256: string | null;
  location: string | null;
}

interface CheckpointRow {
  length: number;
  headHash: string;
  at: string;
  signatureValid: boolean;
  chainMatches: boolean;
}

interface CheckpointList {
  configured: boolean;
  total: number;
  chainLength: number;
  items: CheckpointRow[];
  stale: boolean;
  ageMinutes: number | null;
  intervalMinutes: number;
}

interface Written {
  length: number;
  headHash: string;
  at: string;
  signatureValid: boolean;
}

const TITLE = 'Audit signing key and checkpoints';
const time = (iso: string) => iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
const age = (minutes: number) =>
  minutes < 120 ? `${minutes} minute${minutes === 1 ? '' : 's'}` : `${Math.floor(minutes / 60)} hours`;

export function AuditKeysPage() {
  useDocumentTitle(TITLE);
  const { session } = useSession();
  if (session.status !== 'signed-in')
    return (
      <>
        <h1>{TITLE}</h1>
        {session.status === 'error' ? (
          <ErrorMessage error={session.error} context="Session" />
        ) : (
          <Loading label="Checking your session…" />
        )}
        {session.status === 'signed-out' ? <p>Sign in to see the audit signing key.</p> : null}
      </>
    );
  if (session.user.role !== 'auditor')
    return (
      <>
        <h1>{TITLE}</h1>
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Not permitted</p>
          <p>The audit signing key and checkpoints are shown to auditors.</p>
        </div>
      </>
    );
  return <AuditKeys />;
}

function AuditKeys() {
  const [version, setVersion] = useState(0);
  const [writing, setWriting] = useState(false);
  const [written, setWritten] = useState<Written | null>(null);
  const [writeError, setWriteError] = useState<ApiError | null>(null);
  const key = useApi((signal) => request<AuditKey>('/audit/key', { signal }), []);
  const list = useApi((signal) => request<CheckpointList>('/audit/checkpoints', { signal }), [version]);
  useSignOutOnUnauthorized(
    key.status === 'error' ? key.error : null,
    list.status === 'error' ? list.error : null,
    writeError,
  );

  const writeNow = async () => {
    setWriting(true);
    setWritten(null);
    setWriteError(null);
    try {
      setWritten(await request<Written>('/audit/checkpoints', { method: 'POST' }));
      setVersion((v) => v + 1);
    } catch (e) {
      setWriteError(e as ApiError);
    } finally {
      setWriting(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <p className="breadcrumb">
          <Link to="/audit">Audit trail</Link> <span aria-hidden="true">›</span> Signing key
        </p>
        <h1>{TITLE}</h1>
        <p className="lede">
          At least every hour, and on demand, the length and head hash of the audit chain are signed with an
          Ed25519 key that the database cannot read, and written outside the database. A chain rewritten with
          recomputed hashes no longer matches these checkpoints. Only the public key is shown here.
        </p>
      </div>

      <h2>Signing key</h2>
      {key.status === 'loading' ? <Loading label="Loading the signing key…" /> : null}
      {key.status === 'error' ? <ErrorMessage error={key.error} context="Signing key" /> : null}
      {key.status === 'success' ? <KeyFacts audit={key.data} /> : null}

      <h2>Checkpoints</h2>
      {list.status === 'loading' ? <Loading label="Loading the checkpoints…" /> : null}
      {list.status === 'error' ? <ErrorMessage error={list.error} context="Checkpoints" /> : null}
      {list.status === 'success' ? <Checkpoints list={list.data} /> : null}

      <p>
        <button
          type="button"
          className="button"
          onClick={writeNow}
          disabled={writing}
          data-testid="write-checkpoint"
        >
          {writing ? 'Writing a checkpoint…' : 'Write a checkpoint now'}
        </button>
      </p>
      {written ? (
        <SuccessMessage testId="checkpoint-written">
          Checkpoint written: {written.length} events, head <code>{written.headHash.slice(0, 16)}…</code>, at{' '}
          {time(written.at)}; signature {written.signatureValid ? 'verifies' : 'does not verify'}.
        </SuccessMessage>
      ) : null}
      {writeError ? <ErrorMessage error={writeError} context="Checkpoint" /> : null}
    </>
  );
}

function KeyFacts({ audit }: { audit: AuditKey }) {
  if (!audit.configured)
    return (
      <div className="notice notice-warn" role="alert" data-testid="no-checkpoint-store">
        <p className="notice-title">No checkpoint store is configured</p>
        <p>This deployment signs no checkpoints. Configure a checkpoint directory and key.</p>
      </div>
    );
  return (
    <>
      <dl className="facts" data-testid="audit-key">
        <div>
          <dt>Algorithm</dt>
          <dd>{audit.algorithm}</dd>
        </div>
        <div>
          <dt>Public key fingerprint (SHA-256 of the key's DER encoding)</dt>
          <dd>
            <code data-testid="key-fingerprint">{audit.fingerprintSha256}</code>
          </dd>
        </div>
        <div>
          <dt>Checkpoints are written to</dt>
          <dd>
            <code data-testid="checkpoint-location">{audit.location}</code>
          </dd>
        </div>
      </dl>
      {audit.publicKeyPem ? (
        <details>
          <summary>Public key (PEM)</summary>
          <pre data-testid="public-key-pem">{audit.publicKeyPem}</pre>
        </details>
      ) : null}
    </>
  );
}

function Checkpoints({ list }: { list: CheckpointList }) {
  const newest = list.items[0];
  return (
    <>
      {list.stale ? (
        <div className="notice notice-warn" role="alert" data-testid="checkpoint-stale">
          <p className="notice-title">
            {newest && list.ageMinutes !== null
              ? `The newest checkpoint is ${age(list.ageMinutes)} old`
              : 'No checkpoint has been written'}
          </p>
          <p>
            A checkpoint is required at least every {list.intervalMinutes} minutes. Check that the server is
            running its hourly checkpoint, or write one now.
          </p>
        </div>
      ) : (
        <p role="status" data-testid="checkpoint-current">
          The newest checkpoint is {age(list.ageMinutes ?? 0)} old. The chain now has {list.chainLength}{' '}
          events.
        </p>
      )}
      {list.items.length ? (
        <DataTable
          testId="checkpoints"
          caption={`The ${list.items.length} newest of ${list.total} checkpoints, newest first`}
          columns={['Time (UTC)', 'Length', 'Head hash', 'Signature', 'Chain']}
        >
          {list.items.map((c) => (
            <tr key={`${c.length}-${c.at}`}>
              <th scope="row">{time(c.at)}</th>
              <td>{c.length}</td>
              <td>
                <code title={c.headHash}>{c.headHash.slice(0, 16)}…</code>
              </td>
              <td>{c.signatureValid ? 'Verifies' : 'Does not verify'}</td>
              <td>{c.chainMatches ? 'Matches' : 'Does not match'}</td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </>
  );
}
