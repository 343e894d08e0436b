-- WebAuthn security keys and passkeys (security.md R2: a phishing-resistant factor for ICE
-- supervisors, the program office and administrators) and re-authentication for privileged
-- actions (R7).
--
-- A credential row keeps the public key (COSE, base64url) and the signature counter. A use is
-- accepted only by the conditional UPDATE that raises the counter (or keeps it at zero for
-- authenticators that do not count), so a replayed or cloned assertion is refused.
CREATE TABLE webauthn_credentials (
  credential_id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (user_id),
  public_key text NOT NULL,
  counter bigint NOT NULL CHECK (counter >= 0),
  transports text NOT NULL DEFAULT '',
  device_type text NOT NULL,
  backed_up boolean NOT NULL,
  created_at timestamptz NOT NULL,
  last_used_at timestamptz
);
CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id);

-- Each challenge is issued for one purpose, one user and one pending sign-in or session (the
-- SHA-256 of its token), expires after a few minutes and is consumed at most once.
CREATE TABLE webauthn_challenges (
  challenge text PRIMARY KEY,
  purpose text NOT NULL CHECK (purpose IN ('register', 'sign_in', 'reauthenticate')),
  user_id uuid NOT NULL REFERENCES users (user_id),
  bound_to text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX webauthn_challenges_bound ON webauthn_challenges (bound_to);

-- The last proof of the password and a second factor (or a security key) within a session.
-- NULL: the sign-in itself (created_at) is the last one.
ALTER TABLE sessions ADD COLUMN reauthenticated_at timestamptz;
ALTER TABLE sessions ADD COLUMN mfa_method text NOT NULL DEFAULT 'totp';

-- A privileged account whose TOTP code was accepted but which must use a security key: the
-- pending sign-in may then register the account's first key, and nothing else.
ALTER TABLE pending_sign_ins ADD COLUMN totp_verified_at timestamptz;
