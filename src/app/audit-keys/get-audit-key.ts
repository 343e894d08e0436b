/**
 * The checkpoint signing key in use, for auditors (issue 7, security.md R18): algorithm, the
 * public key and its SHA-256 fingerprint, and where checkpoints are written. The private key is
 * never read out: the public key is the one the store pins, learned from a signature that is
 * made in memory and discarded (the store exposes nothing else).
 */
import type { Actor } from '../../domain/actor.ts';
import type { CheckpointStore } from '../../domain/audit-checkpoint.ts';
import { ok, type Result } from '../../domain/result.ts';
import type { Deps } from '../deps.ts';
import { guard } from '../guard.ts';
import { CHECKPOINT_ALGORITHM, publicKeyFingerprint, publicKeyPem } from './checkpoint-status.ts';

export interface AuditKeyView {
  /** False when this deployment has no checkpoint store: nothing is signed. */
  configured: boolean;
  algorithm: typeof CHECKPOINT_ALGORITHM;
  /** SubjectPublicKeyInfo, DER, base64 — as it appears in every checkpoint file. */
  publicKey: string | null;
  publicKeyPem: string | null;
  fingerprintSha256: string | null;
  /** Where checkpoints are written (a directory or store outside the database). */
  location: string | null;
}

export function auditKeyOf(store: CheckpointStore | undefined): AuditKeyView {
  if (!store)
    return {
      configured: false,
      algorithm: CHECKPOINT_ALGORITHM,
      publicKey: null,
      publicKeyPem: null,
      fingerprintSha256: null,
      location: null,
    };
  const { publicKey } = store;
  return {
    configured: true,
    algorithm: CHECKPOINT_ALGORITHM,
    publicKey,
    publicKeyPem: publicKeyPem(publicKey),
    fingerprintSha256: publicKeyFingerprint(publicKey),
    location: store.location,
  };
}

export async function getAuditKey(deps: Deps, actor: Actor): Promise<Result<AuditKeyView>> {
  const denied = await guard(deps, actor, 'audit.verify');
  if (denied) return denied;
  return ok(auditKeyOf(deps.checkpoints));
}
