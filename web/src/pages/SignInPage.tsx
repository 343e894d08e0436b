/** `/sign-in`: email and password. On success, goes to `/home`. */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';
import { useDocumentTitle } from '../hooks.ts';
import { navigate, useSearchParams } from '../router.tsx';
import { useSession } from '../session.tsx';

/** Where to go after signing in: a page of this app named by `?next=`, else `/home`. */
function nextPath(params: URLSearchParams): string {
  const next = params.get('next');
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/sign-in')) return '/home';
  return next;
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { session, signIn } = useSession();
  const next = nextPath(useSearchParams());
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (session.status === 'signed-in') navigate(next, { replace: true });
  }, [session, next]);

  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
      navigate(next);
    } catch (cause) {
      if (cause instanceof ApiError) {
        setError({ title: cause.title, detail: cause.detail ?? cause.title });
      } else {
        setError({ title: 'Sign-in failed', detail: String(cause) });
      }
      setSubmitting(false);
    }
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
      <form className="card form" data-testid="signin-form" onSubmit={onSubmit} noValidate={false}>
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
    </div>
  );
}
