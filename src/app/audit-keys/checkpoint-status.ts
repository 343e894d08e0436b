/**
 * What an auditor is shown about the checkpoint signing key and the signed checkpoints (issue 7,
 * security.md R18): the public key's SHA-256 fingerprint, and whether the newest checkpoint is
 * older than the hourly interval. Pure; the private key never reaches these functions.
 */
import { createHash } from 'node:crypto';
import { CHECKPOINT_INTERVAL_MS, type SignedCheckpoint } from '../../domain/audit-checkpoint.ts';

export const CHECKPOINT_ALGORITHM = 'Ed25519';

/** SHA-256 of the public key's SubjectPublicKeyInfo (DER), lower-case hex in colon-separated pairs. */
export function publicKeyFingerprint(spkiBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex');
  return hex.match(/../g)!.join(':');
}

/** The public key in PEM, for checking a checkpoint file with other tools. */
export function publicKeyPem(spkiBase64: string): string {
  const lines = spkiBase64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

export interface Freshness {
  /** True when there is no checkpoint, or the newest is older than the interval (one hour). */
  stale: boolean;
  /** Whole minutes since the newest checkpoint; null when there is none. */
  ageMinutes: number | null;
  intervalMinutes: number;
}

export function checkpointFreshness(latestAt: string | null, now: Date): Freshness {
  const intervalMinutes = CHECKPOINT_INTERVAL_MS / 60_000;
  const at = latestAt === null ? Number.NaN : Date.parse(latestAt);
  if (Number.isNaN(at)) return { stale: true, ageMinutes: null, intervalMinutes };
  const age = now.getTime() - at;
  return {
    stale: age > CHECKPOINT_INTERVAL_MS,
    ageMinutes: Math.max(0, Math.floor(age / 60_000)),
    intervalMinutes,
  };
}

/** Newest first: by time, then by length. */
export const newestFirst = (a: SignedCheckpoint, b: SignedCheckpoint): number =>
  b.at.localeCompare(a.at) || b.length - a.length;
