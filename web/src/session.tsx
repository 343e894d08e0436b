/** The signed-in user, shared by the header and the signed-in pages. */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type PasswordStep, type User } from './api.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User }
  | { status: 'error'; error: ApiError };

interface SessionContextValue {
  session: SessionState;
  /** Step one (banner acknowledged, password): answers what the second step needs. */
  signIn: (email: string, password: string) => Promise<PasswordStep>;
  /** Step two: the TOTP code; the session starts here. */
  verifyMfa: (code: string) => Promise<User>;
  signOut: () => Promise<void>;
  /** The server answered 401: the session has ended (expired or signed out elsewhere). */
  expire: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    api
      .session({ signal: controller.signal })
      .then(({ user }) => setSession({ status: 'signed-in', user }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) setSession({ status: 'signed-out' });
        else if (error instanceof ApiError) setSession({ status: 'error', error });
        else setSession({ status: 'signed-out' });
      });
    return () => controller.abort();
  }, []);

  const signIn = useCallback((email: string, password: string) => api.signIn(email, password), []);

  const verifyMfa = useCallback(async (code: string) => {
    const { user } = await api.verifyMfa(code);
    setSession({ status: 'signed-in', user });
    return user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.signOut();
    } catch (error) {
      // An already-expired session is signed out either way.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setSession({ status: 'signed-out' });
  }, []);

  const expire = useCallback(() => setSession({ status: 'signed-out' }), []);

  const value = useMemo(
    () => ({ session, signIn, verifyMfa, signOut, expire }),
    [session, signIn, verifyMfa, signOut, expire],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
