/**
 * Re-authentication for a privileged action (security.md R7): a modal dialog asking for the
 * password and an authenticator code, or the security key. On success the server has rotated
 * the session token and the action that asked is sent again; Cancel gives up on it.
 */
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api.ts';

export function StepUpDialog({
  reauthenticate,
  onDone,
}: {
  reauthenticate: (password: string | null, code: string | null) => Promise<void>;
  onDone: (reauthenticated: boolean) => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const attempt = async (withKey: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await reauthenticate(withKey ? null : password, withKey ? null : code.trim());
      onDone(true);
    } catch (cause) {
      setError(
        cause instanceof ApiError
          ? (cause.detail ?? cause.title)
          : 'The security key did not answer. Try again, or use your password and code.',
      );
      setCode('');
      setBusy(false);
    }
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void attempt(false);
  };

  return (
    <dialog
      ref={dialogRef}
      className="card"
      aria-labelledby="step-up-title"
      data-testid="step-up-dialog"
      onCancel={(event) => {
        event.preventDefault();
        onDone(false);
      }}
    >
      <h2 id="step-up-title">Confirm it is you</h2>
      <p>
        This action changes accounts, delegations or exports records, so it needs a sign-in from the last few
        minutes. Confirm with your security key, or with your password and a code.
      </p>
      {error ? (
        <div className="notice notice-error" role="alert" data-testid="step-up-error">
          <p>{error}</p>
        </div>
      ) : null}
      <button
        type="button"
        className="button button-primary"
        disabled={busy}
        onClick={() => void attempt(true)}
      >
        Use security key
      </button>
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="step-up-password">Password</label>
          <input
            id="step-up-password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="step-up-code">Authentication code</label>
          <input
            id="step-up-code"
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
        <button type="submit" className="button button-secondary" disabled={busy}>
          {busy ? 'Confirming…' : 'Confirm with password and code'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => onDone(false)}
        >
          Cancel
        </button>
      </form>
    </dialog>
  );
}
