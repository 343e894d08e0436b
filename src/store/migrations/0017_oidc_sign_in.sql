-- Single sign-on by OpenID Connect for agencies with their own identity provider (issue 7).
-- Delegate still provisions every account and its role: a provider only authenticates. The
-- client secret is never stored here, only a reference resolved at the composition root
-- (e.g. `env:DELEGATE_OIDC_SECRET_ACME`).
CREATE TABLE identity_providers (
  provider_id text PRIMARY KEY CHECK (provider_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  display_name text NOT NULL,
  issuer text NOT NULL,
  client_id text NOT NULL,
  client_secret_ref text NOT NULL,
  -- Only accounts of this agency may sign in through the provider (NULL: any agency's, e.g. ICE's).
  agency_id uuid REFERENCES agencies (agency_id),
  -- Lower-case email domains whose verified addresses may bind to an account on first use.
  email_domains text[] NOT NULL DEFAULT '{}',
  enabled boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL
);

-- A provider's subject bound to a Delegate account: first by verified email, then by `sub` only.
CREATE TABLE oidc_identities (
  provider_id text NOT NULL REFERENCES identity_providers (provider_id),
  subject text NOT NULL,
  user_id uuid NOT NULL REFERENCES users (user_id),
  bound_at timestamptz NOT NULL,
  PRIMARY KEY (provider_id, subject),
  UNIQUE (provider_id, user_id)
);

-- An authorization request in flight: the state (stored as its SHA-256), the nonce and the
-- PKCE verifier, bound to the browser that started it (SHA-256 of its cookie). Consumed at most
-- once, by the conditional UPDATE that sets used_at; expires after a few minutes.
CREATE TABLE oidc_login_states (
  state_hash text PRIMARY KEY,
  provider_id text NOT NULL REFERENCES identity_providers (provider_id),
  browser_hash text NOT NULL,
  nonce text NOT NULL,
  code_verifier text NOT NULL,
  banner_version text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX oidc_login_states_expires ON oidc_login_states (expires_at);
