/**
 * The signed-in user, shared by the header and the signed-in pages; sign-in by TOTP code or
 * security key (WebAuthn); and re-authentication: when a privileged action answers 401
 * `step-up`, the step-up dialog asks for the password and a code, or the security key, and the
 * action is sent again (security.md R7).
 */
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, type PasswordStep, request, setStepUpHandler, type User } from './api.ts';
import { StepUpDialog } from './components/StepUpDialog.tsx';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User }
  | { status: 'error'; error: ApiError };

/** Which accounts must sign in with a security key in this deployment (GET /session/policy). */
export interface SignInPolicy {
  securityKeyRequired: boolean;
  securityKeyRoles: string[];
  reauthenticationMinutes: number;
}

/** The rule id of the 403 for a password + code sign-in of an account that must use a key. */
export const KEY_REQUIRED = 'phishing-resistant-factor-required';

interface SessionContextValue {
  session: SessionState;
  /** Step one (banner acknowledged, password): answers what the second step needs. */
  signIn: (email: string, password: string) => Promise<PasswordStep>;
  /** Step two: the TOTP code; the session starts here. */
  verifyMfa: (code: string) => Promise<User>;
  /**
   * Step two by security key. `register`: first register the account's key (allowed once the
   * code was accepted for an account that must use a key and has none).
   */
  verifyWithKey: (opts?: { register?: boolean }) => Promise<User>;
  /** Adds a security key to the signed-in account. */
  registerKey: () => Promise<void>;
  /** Re-authenticates: password and code, or the security key when both are null. */
  reauthenticate: (password: string | null, code: string | null) => Promise<void>;
  signOut: () => Promise<void>;
  /** The server answered 401: the session has ended (expired or signed out elsewhere). */
  expire: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

const post = <T,>(path: string, body?: unknown) =>
  request<T>(path, { method: 'POST', ...(body === undefined ? {} : { body }) });

export const fetchSignInPolicy = (signal?: AbortSignal) =>
  request<SignInPolicy>('/session/policy', { signal });

async function keyAssertion(optionsPath: string) {
  const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>(optionsPath);
  return startAuthentication({ optionsJSON });
}

async function addKey(): Promise<void> {
  const optionsJSON = await post<PublicKeyCredentialCreationOptionsJSON>(
    '/session/webauthn/registration/options',
  );
  const response = await startRegistration({ optionsJSON });
  await post('/session/webauthn/registration', { response });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [stepUp, setStepUp] = useState<((done: boolean) => void) | null>(null);

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

  // A privileged action answered `step-up`: open the dialog; the request waits for its outcome.
  useEffect(() => {
    setStepUpHandler(() => new Promise<boolean>((resolve) => setStepUp(() => resolve)));
    return () => setStepUpHandler(null);
  }, []);

  const signIn = useCallback((email: string, password: string) => api.signIn(email, password), []);

  const verifyMfa = useCallback(async (code: string) => {
    const { user } = await api.verifyMfa(code);
    setSession({ status: 'signed-in', user });
    return user;
  }, []);

  const verifyWithKey = useCallback(async (opts: { register?: boolean } = {}) => {
    if (opts.register) await addKey();
    const response = await keyAssertion('/session/webauthn/options');
    const { user } = await post<{ user: User }>('/session/webauthn', { response });
    setSession({ status: 'signed-in', user });
    return user;
  }, []);

  const reauthenticate = useCallback(async (password: string | null, code: string | null) => {
    if (password !== null && code !== null) {
      await post('/session/reauthentication', { password, code });
      return;
    }
    const response = await keyAssertion('/session/reauthentication/options');
    await post('/session/reauthentication/webauthn', { response });
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

  const finishStepUp = useCallback(
    (done: boolean) => {
      stepUp?.(done);
      setStepUp(null);
    },
    [stepUp],
  );

  const value = useMemo(
    () => ({
      session,
      signIn,
      verifyMfa,
      verifyWithKey,
      registerKey: addKey,
      reauthenticate,
      signOut,
      expire,
    }),
    [session, signIn, verifyMfa, verifyWithKey, reauthenticate, signOut, expire],
  );
  return (
    <SessionContext.Provider value={value}>
      {children}
      {stepUp ? <StepUpDialog reauthenticate={reauthenticate} onDone={finishStepUp} /> : null}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}
