/**
 * "Sign in with your agency": the configured OpenID Connect providers (names only, from
 * GET /oidc/providers) as buttons that go to the provider once the system-use notice is
 * acknowledged. Back from the provider, `?sso=mfa` asks for the authenticator code (the
 * provider showed no second factor Delegate accepts); any other `?sso=` value is a refusal,
 * shown as one plain message. Renders nothing when no provider is configured and no answer is due.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, request } from '../api.ts';
import { useSearchParams } from '../router.tsx';
import { useSession } from '../session.tsx';

interface Provider {
  id: string;
  name: string;
}

const REFUSALS: Record<string, string> = {
  expired: 'The sign-in through your agency did not complete or has expired. Start again.',
  unavailable:
    'The agency identity provider cannot be reached. Try again later, or sign in with your password.',
  refused:
    'Your agency signed you in, but no active Delegate account may use it. Ask your Delegate administrator.',
  no_second_factor:
    'Your agency did not confirm a second factor and this account has no authenticator app. Sign in with your Delegate password once to set one up.',
};

export function SsoSignIn({ acknowledged }: { acknowledged: boolean }) {
  const sso = useSearchParams().get('sso');
  const [providers, setProviders] = useState<Provider[]>([]);

  useEffect(() => {
    const controller = new AbortController();
    request<{ items: Provider[] }>('/oidc/providers', { signal: controller.signal })
      .then((r) => setProviders(r.items))
      .catch(() => undefined); // Without the list, the password form remains.
    return () => controller.abort();
  }, []);

  if (sso === 'mfa') return <SsoCode />;
  const refusal = sso ? (REFUSALS[sso] ?? REFUSALS.expired) : null;
  if (!refusal && providers.length === 0) return null;
  return (
    <section className="card" aria-labelledby="sso-title" data-testid="sso-signin">
      <h2 id="sso-title">Sign in with your agency</h2>
      {refusal ? (
        <div className="notice notice-error" role="alert" data-testid="sso-error">
          <p>{refusal}</p>
        </div>
      ) : null}
      {providers.length > 0 ? (
        <>
          <p className="muted" id="sso-hint">
            {acknowledged
              ? 'Your agency’s sign-in page opens; you come back here signed in.'
              : 'Acknowledge the notice above first.'}
          </p>
          <ul className="plain-list">
            {providers.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={!acknowledged}
                  aria-describedby="sso-hint"
                  onClick={() => {
                    window.location.assign(
                      `/api/v1/oidc/${encodeURIComponent(p.id)}/start?acknowledgedBanner=true`,
                    );
                  }}
                >
                  Sign in with {p.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** Delegate's own second factor after an agency sign-in that did not show one. */
function SsoCode() {
  const { verifyMfa } = useSession();
  const [code, setCode] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => codeRef.current?.focus(), []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await verifyMfa(code.trim()); // the sign-in page moves on once the session exists
    } catch (cause) {
      setError(cause instanceof ApiError ? (cause.detail ?? cause.title) : 'Verification failed.');
      setCode('');
      setSubmitting(false);
    }
  };

  return (
    <form className="card form" data-testid="sso-mfa-form" onSubmit={onSubmit}>
      <h2>Enter your authentication code</h2>
      <p>
        Your agency signed you in. It did not confirm a second factor, so enter the 6-digit code your
        authenticator app shows for Delegate.
      </p>
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="sso-mfa-error">
          <p>{error}</p>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="sso-mfa-code">Authentication code</label>
        <input
          id="sso-mfa-code"
          ref={codeRef}
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={submitting}>
        {submitting ? 'Verifying…' : 'Verify and sign in'}
      </button>
    </form>
  );
}
