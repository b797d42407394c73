import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/boards.ts';
import { rememberBoard, rememberedBoard } from '../api/localBoards.ts';
import { createBoardInPortfolio, fetchPortfolioBoards, type PortfolioBoard } from '../api/portfolios.ts';
import { dayLabel } from '../derive/format.ts';
import { navigate } from '../state/router.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { usePortfolioMemberIds } from '../sync/portfolioHooks.ts';
import './PortfolioPanel.css';

/**
 * The portfolio page's own part (issue 15), beside its goals and segments:
 * its product boards with their next review, a way for its facilitators and
 * participants to start a product board in it (opened as that board's
 * facilitator), and the way to the roll-up.
 */
export function PortfolioPanel() {
  const session = useSession();
  const { board } = useBoard();
  const members = usePortfolioMemberIds();
  const [boards, setBoards] = useState<PortfolioBoard[] | null>(null);
  const [error, setError] = useState('');
  const secret = session.withSecret((s) => s);

  useEffect(() => {
    let live = true;
    fetchPortfolioBoards(session.boardId, secret).then(
      (list) => live && setBoards(list),
      (e: unknown) => live && setError(e instanceof ApiError ? e.message : 'The boards could not be listed.'),
    );
    return () => {
      live = false;
    };
  }, [session.boardId, secret, members]);

  const mayStart = session.role === 'facilitator' || session.role === 'participant';
  return (
    <aside className="portfolio-panel" aria-labelledby="portfolio-boards-title">
      <p className="eyebrow">Portfolio</p>
      <p className="hint">
        The company's business goals and segments, shared by every product board below: each board shows them read only and links its work to them.
      </p>
      <a className="button" href={`/b/${session.boardId}/rollup#${secret}`}>
        Open the roll-up
      </a>
      <h2 id="portfolio-boards-title">Product boards</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {boards === null && !error && <p className="hint" role="status">Listing the boards…</p>}
      {boards && boards.length === 0 && <p className="hint">No product board in this portfolio yet.</p>}
      {boards && boards.length > 0 && (
        <ul className="portfolio-boards" aria-label="Product boards in this portfolio">
          {boards.map((b) => (
            <PortfolioBoardRow key={b.id} board={b} />
          ))}
        </ul>
      )}
      {mayStart && <StartProductBoard portfolioTitle={board.title} />}
    </aside>
  );
}

function PortfolioBoardRow({ board }: { board: PortfolioBoard }) {
  // The portfolio gives no board's secrets: a board this browser opened before is one click away.
  const known = rememberedBoard(board.id);
  return (
    <li>
      {known ? <a href={`/b/${board.id}#${known.secret}`}>{board.title}</a> : <strong>{board.title}</strong>}
      <span className="hint">{board.nextReview ? `Next review ${dayLabel(board.nextReview)}` : 'No review date set'}</span>
    </li>
  );
}

function StartProductBoard({ portfolioTitle }: { portfolioTitle: string }) {
  const session = useSession();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    setError('');
    try {
      const created = await createBoardInPortfolio({ title: title.trim(), portfolio: { id: session.boardId, secret: session.withSecret((s) => s) } });
      rememberBoard(created.id, { secret: created.secrets.facilitator, role: 'facilitator', title: created.title, secrets: created.secrets });
      navigate(`/b/${created.id}#${created.secrets.facilitator}`, { created: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The product board could not be created.');
      setBusy(false);
    }
  };
  return (
    <form className="portfolio-start" onSubmit={submit} aria-labelledby="portfolio-start-title">
      <h3 id="portfolio-start-title">Start a product board</h3>
      <p className="hint">It shows the goals and segments of “{portfolioTitle}” and opens with you as its facilitator.</p>
      <label className="field">
        <span>Product board title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required placeholder="e.g. Billing: Q3 plan" />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="button primary" type="submit" disabled={busy || !title.trim()}>
        {busy ? 'Creating…' : 'Start product board'}
      </button>
    </form>
  );
}
