/** Signed-in pages: wait for the session, send the signed-out to /sign-in, and check the role. */
import { type ReactNode, useEffect } from 'react';
import { type Area, can } from '../access.ts';
import type { ApiError, User } from '../api.ts';
import { ROLE_LABELS } from '../format.ts';
import { navigate } from '../router.tsx';
import { useSession } from '../session.tsx';
import { ErrorMessage, Loading } from './common.tsx';

function signInPath(): string {
  const here = window.location.pathname + window.location.search;
  return `/sign-in?next=${encodeURIComponent(here)}`;
}

/**
 * Renders `children(user)` for a signed-in user whose role may use `area`. A signed-out visitor is
 * sent to /sign-in (and brought back after signing in).
 */
export function SignedIn({
  title,
  area,
  children,
}: {
  title: string;
  area: Area;
  children: (user: User) => ReactNode;
}) {
  const { session } = useSession();
  useEffect(() => {
    if (session.status === 'signed-out') navigate(signInPath(), { replace: true });
  }, [session]);

  if (session.status === 'loading' || session.status === 'signed-out') {
    return (
      <>
        <h1>{title}</h1>
        <Loading label="Checking your session…" />
      </>
    );
  }
  if (session.status === 'error') {
    return (
      <>
        <h1>{title}</h1>
        <ErrorMessage error={session.error} context="Session" />
      </>
    );
  }
  if (!can(session.user.role, area)) {
    return (
      <>
        <h1>{title}</h1>
        <div className="notice notice-error" role="alert">
          <p className="notice-title">Not permitted</p>
          <p>
            The role {ROLE_LABELS[session.user.role] ?? session.user.role} does not give access to this page.
          </p>
        </div>
      </>
    );
  }
  return <>{children(session.user)}</>;
}

/**
 * A 401 from any request on the page means the session has ended: go to sign-in. A declined
 * re-authentication (`step-up`) leaves the session as it is.
 */
export function useSignOutOnUnauthorized(...errors: (ApiError | null | undefined)[]): void {
  const { expire } = useSession();
  const unauthorized = errors.some((e) => e?.status === 401 && e.ruleId !== 'step-up');
  useEffect(() => {
    if (unauthorized) expire();
  }, [unauthorized, expire]);
}
