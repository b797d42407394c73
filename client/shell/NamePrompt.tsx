import { useState, type FormEvent } from 'react';
import type { Role } from '../../shared/protocol.ts';
import { rememberName } from '../api/localBoards.ts';
import './NamePrompt.css';

/** Asks for the display name others will see; remembered in this browser. */
export function NamePrompt({ boardTitle, role, onDone }: { boardTitle: string; role: Role; onDone: (name: string) => void }) {
  const [name, setName] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    rememberName(trimmed);
    onDone(trimmed);
  };
  return (
    <main className="join-page">
      <form className="join-card" onSubmit={submit} aria-labelledby="join-title">
        <p className="eyebrow">{role === 'facilitator' ? 'You facilitate' : role === 'reviewer' ? 'You are reviewing' : 'You are joining'}</p>
        <h1 id="join-title">{boardTitle}</h1>
        <label className="field">
          <span>Your name</span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoFocus
            maxLength={40}
            autoComplete="nickname"
            placeholder="How others will see you"
            required
          />
        </label>
        <button className="button primary" type="submit" disabled={!name.trim()}>
          Join board
        </button>
        {role === 'reviewer' && (
          <p className="hint">
            You can comment, @mention people and check in on the commitments you own. Use the name the team knows you by: it is how your
            commitments and mentions find you.
          </p>
        )}
        <p className="hint">No account needed. Your name is remembered in this browser.</p>
      </form>
    </main>
  );
}
