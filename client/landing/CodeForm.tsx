import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, normaliseJoinCode } from '../api/boards.ts';
import { navigate } from '../state/router.ts';

interface CodeFormProps {
  /** Id of the form's heading (its accessible name). */
  headingId: string;
  title: string;
  /** The field's label ("Join code"). */
  label: string;
  submitLabel: string;
  primary?: boolean;
  autoFocus?: boolean;
  /** Said when the code is too short to be one. */
  tooShort: string;
  /** Said when no workshop has the code. */
  unknown: string;
  /** Redeems the code; the page to open is `page(boardId, secret)`. */
  redeem(code: string): Promise<{ boardId: string; secret: string }>;
  page(boardId: string, secret: string): string;
  /** Above the field. */
  intro?: ReactNode;
  /** Below the button. */
  footer?: ReactNode;
}

/** A short code typed in and redeemed for a board link (join code, projector code), with its errors said in place. */
export function CodeForm({ headingId, title, label, submitLabel, primary, autoFocus, tooShort, unknown, redeem, page, intro, footer }: CodeFormProps) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const normalised = normaliseJoinCode(code);
    if (normalised.length < 6) {
      setError(tooShort);
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { boardId, secret } = await redeem(normalised);
      navigate(page(boardId, secret));
    } catch (e) {
      const known = e instanceof ApiError && (e.status === 404 || e.status === 400);
      setError(known ? unknown : e instanceof ApiError && e.status === 429 ? 'Too many attempts. Wait a minute and try again.' : 'The code could not be checked.');
      setBusy(false);
    }
  };

  return (
    <form className="landing-card" onSubmit={submit} aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {intro}
      <label className="field">
        <span>{label}</span>
        <input
          className="code-input"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          placeholder="ABCD-EFGH"
          maxLength={20}
          autoFocus={autoFocus}
        />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className={primary ? 'button primary large' : 'button large'} type="submit" disabled={busy || !code.trim()}>
        {busy ? 'Checking…' : submitLabel}
      </button>
      {footer}
    </form>
  );
}
