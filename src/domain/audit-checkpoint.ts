/**
 * Signed checkpoints of the audit chain (security.md R18): the chain's length and head hash at
 * a time, signed with a key no database role can read, kept outside the database. A verifier
 * that finds every checkpoint still extended by the chain knows the chain was not rewritten,
 * even with recomputed hashes.
 */

export interface Checkpoint {
  length: number;
  headHash: string;
  at: string;
}

export interface SignedCheckpoint extends Checkpoint {
  /** Ed25519 signature over `checkpointMessage`, base64. */
  signature: string;
  /** The signer's public key (SPKI, base64), to match against the pinned key. */
  publicKey: string;
}

export const CHECKPOINT_DOMAIN = 'delegate.audit.checkpoint.v1';

/** The exact bytes that are signed. */
export const checkpointMessage = (c: Checkpoint): string =>
  `${CHECKPOINT_DOMAIN}\n${c.length}\n${c.headHash}\n${c.at}`;

/** Where checkpoints are signed, kept and read back: outside the database. */
export interface CheckpointStore {
  /** Where they are kept, for messages. */
  readonly location: string;
  /** The public key it signs with and pins (SPKI DER, base64); never the private key. */
  readonly publicKey: string;
  sign(c: Checkpoint): SignedCheckpoint;
  /** True when the signature holds and the key is the one this store pins. */
  verify(c: SignedCheckpoint): boolean;
  write(c: SignedCheckpoint): Promise<void>;
  list(): Promise<SignedCheckpoint[]>;
}

/** Checkpoints are written at least this often by a running server (R18: hourly). */
export const CHECKPOINT_INTERVAL_MS = 60 * 60 * 1000;
