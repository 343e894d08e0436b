/**
 * `/sign-in`, in two steps: the system-use notice (acknowledged with a required checkbox), email
 * and password; then a code from the authenticator app, or a security key (WebAuthn). An account
 * without MFA first adds the key shown once here to its app, then confirms with its first code.
 * Accounts that must use a security key (where the deployment requires it) are told so after
 * their code, and register their first key there. On success, goes to `/home`.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, api, type PasswordStep, type SystemUseBanner } from '../api.ts';
import { SsoSignIn } from '../components/SsoSignIn.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { navigate, useSearchParams } from '../router.tsx';
import { fetchSignInPolicy, KEY_REQUIRED, type SignInPolicy, useSession } from '../session.tsx';

/** Where to go after signing in: a page of this app named by `?next=`, else `/home`. */
function nextPath(params: URLSearchParams): string {
  const next = params.get('next');
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return '/home';
  return next;
}

type Problem = { title: string; detail: string };

const problemOf = (cause: unknown, fallback: string): Problem =>
  cause instanceof ApiError
    ? { title: cause.title, detail: cause.detail ?? cause.title }
    : { title: fallback, detail: String(cause) };

/** Says whether this deployment requires security keys, and for whom (the demo does not). */
function KeyPolicy() {
  const [policy, setPolicy] = useState<SignInPolicy | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetchSignInPolicy(controller.signal)
      .then(setPolicy)
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  if (!policy) return null;
  return (
    <p className="muted" data-testid="signin-key-policy">
      {policy.securityKeyRequired
        ? 'ICE supervisors, the program office and agency administrators sign in with a security key (passkey); a code from an authenticator app is not enough for them.'
        : 'Security keys are not required in this deployment (demo): every account may sign in with a code from an authenticator app.'}
    </p>
  );
}

function Banner() {
  const [banner, setBanner] = useState<SystemUseBanner | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .banner({ signal: controller.signal })
      .then(setBanner)
      .catch(() => {
        if (!controller.signal.aborted) setFailed(true);
      });
    return () => controller.abort();
  }, []);
  return (
    <section className="notice" aria-labelledby="signin-banner-title" data-testid="signin-banner">
      <h2 id="signin-banner-title" className="notice-title">
        {banner?.title ?? 'System-use notice'}
      </h2>
      {banner ? (
        banner.statements.map((s) => <p key={s}>{s}</p>)
      ) : failed ? (
        <p>The notice could not be loaded. Reload the page to sign in.</p>
      ) : (
        <p className="muted">Loading the notice…</p>
      )}
    </section>
  );
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { session, signIn, verifyMfa, verifyWithKey } = useSession();
  const next = nextPath(useSearchParams());
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [acknowledged, setAcknowledged] = useState(false);
  const [code, setCode] = useState('');
  const [step, setStep] = useState<PasswordStep | null>(null);
  const [submitting, setSubmitting] = useState(false);
  /** The code was right but this account must use a security key; `register`: it has none yet. */
  const [keyRequired, setKeyRequired] = useState<{ register: boolean } | null>(null);
  const [error, setError] = useState<Problem | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const stepHeadingRef = useRef<HTMLHeadingElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (session.status === 'signed-in') navigate(next, { replace: true });
  }, [session, next]);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  // Moving to the second step: an enrolling user reads the instructions first; otherwise type the code.
  useEffect(() => {
    if (!step) return;
    if (step.next === 'enrol') stepHeadingRef.current?.focus();
    else codeRef.current?.focus();
  }, [step]);

  const onPassword = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      setStep(await signIn(email.trim(), password));
      setPassword('');
      setCode('');
    } catch (cause) {
      setError(problemOf(cause, 'Sign-in failed'));
    }
    setSubmitting(false);
  };

  const onCode = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await verifyMfa(code.trim());
      navigate(next);
    } catch (cause) {
      if (cause instanceof ApiError && cause.ruleId === KEY_REQUIRED) setKeyRequired({ register: false });
      setError(problemOf(cause, 'Verification failed'));
      setCode('');
      setSubmitting(false);
    }
  };

  const onKey = async () => {
    setSubmitting(true);
    setError(null);
    try {
      await verifyWithKey({ register: keyRequired?.register ?? false });
      navigate(next);
    } catch (cause) {
      // An account that must use a key and has none registers it here, after its accepted code.
      if (cause instanceof ApiError && cause.status === 409 && keyRequired)
        setKeyRequired({ register: true });
      setError(
        cause instanceof ApiError
          ? problemOf(cause, 'Security key not accepted')
          : {
              title: 'Security key not used',
              detail: 'The browser did not complete the security-key request.',
            },
      );
      setSubmitting(false);
    }
  };

  const startOver = () => {
    setStep(null);
    setKeyRequired(null);
    setCode('');
    setError(null);
  };

  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p className="lede">
        Signing in is for authorised users of Delegate. The agreements registry is public and needs no
        account.
      </p>
      {error ? (
        <div
          className="notice notice-error"
          role="alert"
          tabIndex={-1}
          ref={errorRef}
          data-testid="signin-error"
        >
          <p className="notice-title">{error.title}</p>
          {error.detail !== error.title ? <p>{error.detail}</p> : null}
        </div>
      ) : null}
      {step === null ? (
        <>
          <Banner />
          <KeyPolicy />
          <form className="card form" data-testid="signin-form" onSubmit={onPassword}>
            <div className="field field-inline">
              <input
                id="signin-acknowledge"
                name="acknowledgedBanner"
                type="checkbox"
                required
                checked={acknowledged}
                onChange={(e) => setAcknowledged(e.target.checked)}
              />
              <label htmlFor="signin-acknowledge">
                I understand and consent to the conditions in the notice above.
              </label>
            </div>
            <div className="field">
              <label htmlFor="signin-email">Email</label>
              <input
                id="signin-email"
                name="email"
                type="email"
                autoComplete="username"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="signin-password">Password</label>
              <input
                id="signin-password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button type="submit" className="button button-primary" disabled={submitting}>
              {submitting ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
          <SsoSignIn acknowledged={acknowledged} />
        </>
      ) : (
        <form className="card form" data-testid="mfa-form" onSubmit={onCode}>
          <h2 ref={stepHeadingRef} tabIndex={-1}>
            {step.next === 'enrol' ? 'Set up your authenticator app' : 'Enter your authentication code'}
          </h2>
          {step.enrolment ? (
            <div data-testid="mfa-enrolment">
              <p>
                This account has no second factor yet. Add this key to an authenticator app (time-based, 6
                digits, 30 seconds). It is shown only now.
              </p>
              <p>
                Key: <code data-testid="mfa-secret">{step.enrolment.secret}</code>
              </p>
              <p>
                Or the setup link: <code data-testid="mfa-uri">{step.enrolment.otpauthUri}</code>
              </p>
              <p>Then enter the first code the app shows.</p>
            </div>
          ) : (
            <p>Enter the 6-digit code your authenticator app shows for Delegate.</p>
          )}
          <div className="field">
            <label htmlFor="mfa-code">Authentication code</label>
            <input
              id="mfa-code"
              ref={codeRef}
              name="code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              aria-describedby="mfa-code-hint"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
            <span id="mfa-code-hint" className="muted">
              6 digits. Each code works once.
            </span>
          </div>
          <button
            type="submit"
            className="button button-primary"
            disabled={submitting || keyRequired !== null}
          >
            {submitting ? 'Verifying…' : 'Verify and sign in'}
          </button>
          {keyRequired ? (
            <p data-testid="mfa-key-required">
              {keyRequired.register
                ? 'This account has no security key yet. Register one now: your code was accepted, and the key will then sign you in.'
                : 'This account must sign in with its security key.'}
            </p>
          ) : null}
          <button
            type="button"
            className={keyRequired ? 'button button-primary' : 'button button-secondary'}
            disabled={submitting}
            onClick={() => void onKey()}
            data-testid="mfa-use-key"
          >
            {keyRequired?.register ? 'Register security key and sign in' : 'Use a security key instead'}
          </button>
          <button type="button" className="button button-secondary" onClick={startOver}>
            Start over
          </button>
        </form>
      )}
    </div>
  );
}
