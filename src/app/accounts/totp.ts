/** TOTP (RFC 6238) with otplib: new keys, the otpauth URI, and matching a code to its time step. */
import { generate, generateSecret, generateURI, verify } from 'otplib';
import { TOTP_DIGITS, TOTP_DRIFT_STEPS, TOTP_ISSUER, TOTP_PERIOD_SECONDS } from '../../domain/session.ts';

/** A new 160-bit key, Base32 as authenticator apps expect it. */
export const newTotpSecret = (): string => generateSecret({ length: 20 });

export const otpauthUri = (email: string, secret: string): string =>
  generateURI({
    issuer: TOTP_ISSUER,
    label: email,
    secret,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });

/** The code for `at` (tests and the demo use it with the injected clock). */
export const totpCode = (secret: string, at: Date): Promise<string> =>
  generate({
    secret,
    epoch: Math.floor(at.getTime() / 1000),
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });

export const totpStep = (at: Date): number => Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);

/** The time step `code` belongs to (within the allowed drift of `at`), or null when it matches none. */
export async function matchTotp(secret: string, code: string, at: Date): Promise<number | null> {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  try {
    const result = await verify({
      secret,
      token: code,
      epoch: Math.floor(at.getTime() / 1000),
      epochTolerance: TOTP_DRIFT_STEPS * TOTP_PERIOD_SECONDS,
      digits: TOTP_DIGITS,
      period: TOTP_PERIOD_SECONDS,
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    return null;
  }
}
