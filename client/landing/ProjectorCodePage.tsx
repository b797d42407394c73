import { useState, type FormEvent } from 'react';
import { ApiError, normaliseJoinCode, redeemProjectorCode } from '../api/boards.ts';
import { navigate } from '../state/router.ts';
import './Landing.css';

/**
 * `/present` on the room PC: type the projector code the facilitator's share
 * panel or console shows, and the wall opens with the read-only projector link.
 */
export default function ProjectorCodePage() {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const normalised = normaliseJoinCode(code);
    if (normalised.length < 6) {
      setError('A projector code has 8 letters and digits.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const { boardId, secret } = await redeemProjectorCode(normalised);
      navigate(`/b/${boardId}/present#${secret}`);
    } catch (e) {
      const known = e instanceof ApiError && (e.status === 404 || e.status === 400);
      setError(known ? 'No workshop has this projector code. Check it in the facilitator’s share panel.' : e instanceof ApiError && e.status === 429 ? 'Too many attempts. Wait a minute and try again.' : 'The code could not be checked.');
      setBusy(false);
    }
  };

  return (
    <main className="landing">
      <header className="landing-hero">
        <p className="eyebrow">Product Value Creation Plan</p>
        <h1>Put the workshop on the wall</h1>
        <p className="lede">Type the projector code from the facilitator’s share panel or console. The projector shows the workshop and can never change it.</p>
      </header>
      <div className="landing-cards">
        <form className="landing-card" onSubmit={submit} aria-labelledby="projector-code-title">
          <h2 id="projector-code-title">Open the projector</h2>
          <label className="field">
            <span>Projector code</span>
            <input
              className="code-input"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoCapitalize="characters"
              autoComplete="off"
              spellCheck={false}
              placeholder="ABCD-EFGH"
              maxLength={20}
              autoFocus
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button className="button primary large" type="submit" disabled={busy || !code.trim()}>
            {busy ? 'Checking…' : 'Open the projector'}
          </button>
        </form>
      </div>
    </main>
  );
}
