/** `/home`: landing page for a signed-in user. Redirects to `/sign-in` without a session. */
import { useEffect, useRef, useState } from 'react';
import { can } from '../access.ts';
import { ApiError } from '../api.ts';
import { ErrorMessage, Loading } from '../components/common.tsx';
import { ROLE_LABELS } from '../format.ts';
import { useDocumentTitle } from '../hooks.ts';
import { Link, navigate } from '../router.tsx';
import { useSession } from '../session.tsx';

export function HomePage() {
  useDocumentTitle('Home');
  const { session, signOut } = useSession();
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // Set while signing out on purpose, so the page goes to the registry rather than to /sign-in.
  const leaving = useRef(false);

  useEffect(() => {
    if (session.status === 'signed-out' && !leaving.current) navigate('/sign-in', { replace: true });
  }, [session]);

  if (session.status === 'loading' || session.status === 'signed-out') {
    return (
      <>
        <h1>Home</h1>
        <Loading label="Checking your session…" />
      </>
    );
  }
  if (session.status === 'error') {
    return (
      <>
        <h1>Home</h1>
        <ErrorMessage error={session.error} context="Session" />
        <p>
          <Link to="/sign-in">Sign in</Link>
        </p>
      </>
    );
  }

  const { user } = session;
  const onSignOut = async () => {
    setSigningOut(true);
    setError(null);
    leaving.current = true;
    try {
      await signOut();
      navigate('/');
    } catch (cause) {
      leaving.current = false;
      setError(cause instanceof ApiError ? cause : new ApiError(0, { title: 'Sign-out failed' }));
      setSigningOut(false);
    }
  };

  return (
    <>
      <h1>Home</h1>
      <section className="card account">
        <h2 id="account-heading" className="card-title">
          Your account
        </h2>
        <dl className="facts">
          <div>
            <dt>Signed in as</dt>
            <dd data-testid="signed-in-user">{user.displayName}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd data-testid="signed-in-role">
              {ROLE_LABELS[user.role] ?? user.role} <code>{user.role}</code>
            </dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{user.email}</dd>
          </div>
          {user.agencyId ? (
            <div>
              <dt>Agency</dt>
              <dd>
                <Link to={`/agencies/${encodeURIComponent(user.agencyId)}`}>View agency record</Link>
              </dd>
            </div>
          ) : null}
        </dl>
        {error ? <ErrorMessage error={error} /> : null}
        <button type="button" className="button button-secondary" onClick={onSignOut} disabled={signingOut}>
          {signingOut ? 'Signing out…' : 'Sign out'}
        </button>
      </section>
      <nav aria-labelledby="work-heading" className="card account" data-testid="home-links">
        <h2 id="work-heading" className="card-title">
          Your pages
        </h2>
        <ul className="plain-list link-list">
          {can(user.role, 'agreements') ? (
            <li>
              <Link to="/agreements">Agreements</Link>: memoranda of agreement, their versions and clause
              tables
            </li>
          ) : null}
          {can(user.role, 'officers') ? (
            <li>
              <Link to="/officers">Officers</Link>: the officer pipeline and refresher deadlines
            </li>
          ) : null}
          {can(user.role, 'nominate') ? (
            <li>
              <Link to="/officers/new">Nominate an officer</Link>
            </li>
          ) : null}
          {can(user.role, 'notifications') ? (
            <li>
              <Link to="/notifications">Notifications</Link>
            </li>
          ) : null}
          <li>
            <Link to="/">The 287(g) agreements registry</Link>
          </li>
        </ul>
      </nav>
    </>
  );
}
