/**
 * TOTP keys at rest: sealed with AES-256-GCM, bound to the user id (so a sealed key copied to
 * another account does not open), never returned by the API after enrolment.
 *
 * Key handling: the key is `Deps.mfaKey` (DELEGATE_MFA_KEY, 32 bytes, base64 or hex). Without it Delegate
 * seals with a built-in development key, which is published in this file and therefore only
 * keeps the secret out of casual view (dumps, logs); the sealed value names which key sealed it
 * (`env` or `dev`) so such rows can be found and re-sealed once a key is configured.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

type KeyId = 'env' | 'dev';

const DEV_KEY = createHash('sha256').update('delegate development TOTP sealing key — not secret').digest();

function keyFor(id: KeyId, raw: string | undefined): Buffer {
  if (id === 'dev') return DEV_KEY;
  if (!raw) throw new Error('This TOTP secret was sealed with DELEGATE_MFA_KEY, which is not configured.');
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('DELEGATE_MFA_KEY must be 32 bytes, base64 or hex.');
  return key;
}

const currentKeyId = (mfaKey: string | undefined): KeyId => (mfaKey ? 'env' : 'dev');

const aad = (userId: string) => Buffer.from(`delegate-totp-v1:${userId}`);

export function sealTotpSecret(userId: string, secret: string, mfaKey: string | undefined): string {
  const kid = currentKeyId(mfaKey);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(kid, mfaKey), iv);
  cipher.setAAD(aad(userId));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64url');
  return ['v1', kid, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
}

/** The secret, or null when the sealed value is malformed, altered, or sealed for another user. */
export function openTotpSecret(userId: string, sealed: string, mfaKey: string | undefined): string | null {
  const [v, kid, iv, tag, ct] = sealed.split('.');
  if (v !== 'v1' || (kid !== 'env' && kid !== 'dev') || !iv || !tag || ct === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFor(kid, mfaKey), Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(userId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
