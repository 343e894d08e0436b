/** What every use case receives: the database and the clock. Nothing else is global. */
import type { CheckpointStore } from '../domain/audit-checkpoint.ts';
import type { AuditShipper } from '../domain/audit-shipping.ts';
import type { Clock } from '../domain/clock.ts';
import type { OutsideSystems } from '../integrations/systems/ports.ts';
import type { Db } from '../store/db.ts';
import type { AuthConfig } from './accounts/auth-config.ts';
import type { OidcDeps } from './accounts/oidc-config.ts';
import type { Mailer } from './notifications/mailer.ts';

export interface Deps {
  db: Db;
  clock: Clock;
  /** Signed audit checkpoints outside the database (absent in tests that do not need them). */
  checkpoints?: CheckpointStore;
  /** The separate store audit rows are copied to (R21); absent in tests that do not need it. */
  auditShipper?: AuditShipper;
  /**
   * The key that seals TOTP secrets at rest (32 bytes, base64 or hex), from DELEGATE_MFA_KEY at
   * the composition root. Absent: the published development key (demo and tests only).
   */
  mfaKey?: string | undefined;
  /** DHS and FBI systems through their adapters (the reference simulator in the demo and tests). */
  systems?: OutsideSystems;
  /** Outgoing email (SMTP when DELEGATE_SMTP_URL is set); absent: notices stay in the in-app inbox only. */
  mailer?: Mailer | undefined;
  /** Sign-in policy: WebAuthn relying party, security-key requirement, re-authentication window (app/accounts/auth-config.ts). */
  auth?: AuthConfig | undefined;
  /** Agency single sign-on: public URL, client-secret resolver, discovery cache (app/accounts/oidc-config.ts). */
  oidc?: OidcDeps | undefined;
}
