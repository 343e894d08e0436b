/**
 * Sign-in policy of a deployment: the WebAuthn relying party (id, name, origins), whether ICE
 * supervisors, the program office and administrators must use a phishing-resistant factor
 * (security.md R2), and how recent a re-authentication must be for a privileged action (R7).
 * Read once at the composition root from the environment; reaches use cases through Deps.
 */
import type { Role } from '../../domain/actor.ts';

export interface AuthConfig {
  /** The WebAuthn relying party id: the site's registrable domain, without scheme or port. */
  rpId: string;
  /** Shown by the authenticator. */
  rpName: string;
  /** The exact origins the browser reports (scheme, host, port). */
  origins: string[];
  /** When true, `PHISHING_RESISTANT_ROLES` cannot complete a sign-in with TOTP. */
  phishingResistantRequired: boolean;
  /** A privileged action needs a re-authentication within this many milliseconds. */
  reauthWindowMs: number;
}

/** ICE supervisors, the program office and the agency administrators (security.md R2). */
export const PHISHING_RESISTANT_ROLES: readonly Role[] = ['ice_supervisor', 'program_office', 'lea_admin'];

export const needsPhishingResistant = (config: AuthConfig, role: Role): boolean =>
  config.phishingResistantRequired && PHISHING_RESISTANT_ROLES.includes(role);

export const DEFAULT_REAUTH_WINDOW_MS = 5 * 60 * 1000;

/** A WebAuthn challenge is answered within this time (the browser's own timeout is one minute). */
export const WEBAUTHN_CHALLENGE_MS = 5 * 60 * 1000;

/**
 * Without `deps.auth` (tests, embedding) the relying party is the local server on port 8287 and
 * the security-key requirement is off; `delegate serve` always sets it (see `authConfigFromEnv`).
 */
export const DEFAULT_AUTH_CONFIG: AuthConfig = {
  rpId: 'localhost',
  rpName: 'Delegate',
  origins: ['http://localhost:8287'],
  phishingResistantRequired: false,
  reauthWindowMs: DEFAULT_REAUTH_WINDOW_MS,
};

/** The policy in `deps` (app/deps.ts), else the defaults. */
export const authConfig = (deps: { auth?: AuthConfig | undefined }): AuthConfig =>
  deps.auth ?? DEFAULT_AUTH_CONFIG;

/**
 * The deployment's policy: DELEGATE_WEBAUTHN_RP_ID, DELEGATE_WEBAUTHN_ORIGIN (comma-separated),
 * DELEGATE_WEBAUTHN_RP_NAME, DELEGATE_WEBAUTHN_REQUIRED (`off` turns the security-key
 * requirement off; on by default), DELEGATE_REAUTH_MINUTES (default 5). `demo` turns the
 * requirement off: the demo accounts have no keys.
 */
export function authConfigFromEnv(env: NodeJS.ProcessEnv, opts: { demo?: boolean } = {}): AuthConfig {
  const origins = (env.DELEGATE_WEBAUTHN_ORIGIN ?? '')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const minutes = Number(env.DELEGATE_REAUTH_MINUTES);
  return {
    rpId: env.DELEGATE_WEBAUTHN_RP_ID?.trim() || DEFAULT_AUTH_CONFIG.rpId,
    rpName: env.DELEGATE_WEBAUTHN_RP_NAME?.trim() || DEFAULT_AUTH_CONFIG.rpName,
    origins: origins.length ? origins : DEFAULT_AUTH_CONFIG.origins,
    phishingResistantRequired: !opts.demo && env.DELEGATE_WEBAUTHN_REQUIRED?.trim().toLowerCase() !== 'off',
    reauthWindowMs:
      Number.isFinite(minutes) && minutes > 0 ? Math.round(minutes * 60_000) : DEFAULT_REAUTH_WINDOW_MS,
  };
}
