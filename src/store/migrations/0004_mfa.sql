-- Multi-factor authentication (security.md R2) and the system-use banner (R5).
--
-- totp_secret holds the TOTP key sealed with AES-256-GCM (src/app/accounts/totp-secret.ts),
-- bound to the user id; it is never returned after enrolment. totp_last_step is the last
-- accepted RFC 6238 time step: a code is accepted only by the conditional UPDATE that raises
-- it, so one code (or any older one) can succeed once, even when two requests race.
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_enrolled_at timestamptz;
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- Password and banner done, second factor not yet: no privileges at all. The token travels in
-- its own cookie; it is never a session token, so nothing but the MFA route accepts it.
-- enrol_secret holds the sealed candidate key while an account without MFA enrols.
CREATE TABLE pending_sign_ins (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (user_id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  banner_version text NOT NULL,
  enrol_secret text,
  ended_at timestamptz
);
CREATE INDEX pending_sign_ins_user ON pending_sign_ins (user_id);
