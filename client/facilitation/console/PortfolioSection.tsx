import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/boards.ts';
import { attachToPortfolio, detachFromPortfolio, parsePortfolioLink } from '../../api/portfolios.ts';
import { ui } from '../../state/ui.ts';
import { useBoard, useSession } from '../../sync/hooks.ts';

/** "1 goal or segment", "3 goals and segments"; "1 link", "2 links". */
const goalsWord = (n: number) => `${n} ${n === 1 ? 'goal or segment' : 'goals and segments'}`;
const linksWord = (n: number) => `${n} ${n === 1 ? 'link' : 'links'}`;

/**
 * The board's portfolio (issue 15), in the facilitator's settings: attach the
 * board to a portfolio by pasting its link, or detach it after a confirmation
 * that says what the board keeps. Not shown on a portfolio itself.
 */
export function PortfolioSection() {
  const session = useSession();
  const { board, cards, links } = useBoard();
  if (board.kind === 'portfolio' || session.role !== 'facilitator' || !session.canEdit) return null;
  const mirrored = new Set(cards.filter((c) => c.portfolio).map((c) => c.id));
  const linkCount = links.filter((l) => mirrored.has(l.from) || mirrored.has(l.to)).length;
  return (
    <section className="console-section" aria-labelledby="console-portfolio">
      <h3 id="console-portfolio">Portfolio</h3>
      {board.portfolio ? <Detach title={board.portfolio.title} cards={mirrored.size} links={linkCount} /> : <Attach />}
    </section>
  );
}

function Attach() {
  const session = useSession();
  const [link, setLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = parsePortfolioLink(link);
    if (!key) {
      setError('Paste the portfolio\'s link: it looks like https://…/b/<id>#<key>.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const done = await session.withSecret((secret) => attachToPortfolio(session.boardId, secret, key));
      setLink('');
      ui.notify(`This board is in the portfolio “${done.portfolio.title}” now: its ${goalsWord(done.cards)} show read only.`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The board could not join the portfolio.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="stack">
      <p className="hint">
        In a portfolio, the board shows the company's business goals and segments, read only, and the team links its work to them. Its own goals and
        segments stay, marked Local.
      </p>
      <label className="field">
        <span>Portfolio link</span>
        <input value={link} onChange={(e) => setLink(e.target.value)} placeholder="Paste the portfolio's participant or facilitator link" autoComplete="off" />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="button small" type="submit" disabled={busy || !link.trim()}>
        {busy ? 'Attaching…' : 'Attach to the portfolio'}
      </button>
    </form>
  );
}

function Detach({ title, cards, links }: { title: string; cards: number; links: number }) {
  const session = useSession();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const question = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);
  const detach = async () => {
    setBusy(true);
    setError('');
    try {
      const done = await session.withSecret((secret) => detachFromPortfolio(session.boardId, secret));
      setConfirming(false);
      ui.notify(`This board left the portfolio “${done.portfolio.title}”: ${goalsWord(done.kept)} from it are its own cards now, with ${linksWord(done.links)}.`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The board could not leave the portfolio.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <p className="console-status">
        In the portfolio <strong>{title}</strong>: {goalsWord(cards)} from it, read only here.
      </p>
      {!confirming ? (
        <button className="button small" type="button" onClick={() => setConfirming(true)}>
          Detach from the portfolio…
        </button>
      ) : (
        <div role="group" aria-labelledby="portfolio-detach-question" className="stack">
          <p id="portfolio-detach-question" ref={question} tabIndex={-1}>
            Detach this board from “{title}”? The {goalsWord(cards)} from the portfolio stay on this board as its own cards (marked Local), with
            {' '}{linksWord(links)} to them; later changes in the portfolio no longer reach it. The decision log records it.
          </p>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="row">
            <button className="button small danger" type="button" disabled={busy} onClick={() => void detach()}>
              {busy ? 'Detaching…' : 'Detach and keep a copy'}
            </button>
            <button className="button small" type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </>
  );
}
