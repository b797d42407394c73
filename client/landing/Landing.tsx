import { lazy, Suspense, useState, type FormEvent } from 'react';
import { ApiError, createBoard, createBoardFromJson, redeemJoinCode } from '../api/boards.ts';
import { CodeForm } from './CodeForm.tsx';
import { createBoardInPortfolio, createPortfolio, parsePortfolioLink } from '../api/portfolios.ts';
import { rememberBoard, rememberedName, rememberName } from '../api/localBoards.ts';
import { navigate } from '../state/router.ts';
import { usePhoneLayout } from '../phone/usePhoneLayout.ts';
import './Landing.css';

const ImportDialog = lazy(() => import('../import/ImportDialog.tsx'));

/** Start a workshop (blank or worked example) or join one with a short code. */
export function Landing() {
  // On a phone, someone typing the wall's address has come to join: the code comes first (it was two screens down).
  const phone = usePhoneLayout();
  return (
    <main className="landing">
      <header className="landing-hero">
        <p className="eyebrow">Product Value Creation Plan</p>
        <h1>Agree what to build, and why it moves the business.</h1>
        <p className="lede">
          A live board for the whole room: business goals, segments, customer value, behaviours, value indicators and initiatives, linked into one
          golden thread you can commit to.
        </p>
      </header>
      <div className="landing-cards">
        {phone && <JoinWithCode />}
        <StartWorkshop />
        <div className="landing-side">
          {!phone && <JoinWithCode />}
          <ImportBoard />
        </div>
      </div>
      <footer className="landing-footer">
        <ol className="chain" aria-label="The VCP chain, filled from the goal">
          {['Business goals', 'Segments', 'Customer value', 'User behaviours', 'Value indicators', 'Initiatives'].map((t, i) => (
            <li key={t}>
              <span aria-hidden="true">{i + 1}</span> {t}
            </li>
          ))}
        </ol>
      </footer>
    </main>
  );
}

function StartWorkshop() {
  const [title, setTitle] = useState('');
  const [name, setName] = useState(rememberedName);
  const [start, setStart] = useState<'blank' | 'example' | 'portfolio'>('blank');
  const example = start === 'example';
  const [portfolioLink, setPortfolioLink] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim() || !name.trim()) return;
    const portfolio = start !== 'portfolio' && portfolioLink.trim() ? parsePortfolioLink(portfolioLink) : undefined;
    if (start !== 'portfolio' && portfolioLink.trim() && !portfolio) {
      setError('That is not a portfolio link: paste the link of the portfolio’s page (it ends with # and a long key).');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const created = start === 'portfolio'
        ? await createPortfolio(title.trim())
        : portfolio
          ? await createBoardInPortfolio({ title: title.trim(), example, portfolio })
          : await createBoard({ title: title.trim(), example });
      rememberName(name);
      rememberBoard(created.id, { secret: created.secrets.facilitator, role: 'facilitator', title: created.title, secrets: created.secrets });
      navigate(`/b/${created.id}#${created.secrets.facilitator}`, { created: true });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The workshop could not be created.');
      setBusy(false);
    }
  };

  return (
    <form className="landing-card" onSubmit={submit} aria-labelledby="start-title">
      <h2 id="start-title">Start a workshop</h2>
      <label className="field">
        <span>Workshop title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} required placeholder="e.g. Q3 product strategy" />
      </label>
      <label className="field">
        <span>Your name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={40} required autoComplete="nickname" placeholder="Shown to participants" />
      </label>
      <fieldset className="choice">
        <legend>Start from</legend>
        <label>
          <input type="radio" name="start" checked={start === 'blank'} onChange={() => setStart('blank')} />
          <span>
            <strong>A blank VCP</strong>
            <small>Six empty columns, goal on the right.</small>
          </span>
        </label>
        <label>
          <input type="radio" name="start" checked={example} onChange={() => setStart('example')} />
          <span>
            <strong>A worked example</strong>
            <small>A filled board to learn the method from.</small>
          </span>
        </label>
        <label>
          <input type="radio" name="start" checked={start === 'portfolio'} onChange={() => setStart('portfolio')} />
          <span>
            <strong>A portfolio</strong>
            <small>The company's goals and segments, shared by several product boards.</small>
          </span>
        </label>
      </fieldset>
      {start !== 'portfolio' && (
        <label className="field">
          <span>In a portfolio (optional)</span>
          <input
            value={portfolioLink}
            onChange={(e) => setPortfolioLink(e.target.value)}
            autoComplete="off"
            placeholder="Paste the portfolio's link"
            aria-describedby="portfolio-link-hint"
          />
          <small id="portfolio-link-hint" className="hint">
            The board then shows the portfolio's goals and segments, read only.
          </small>
        </label>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button className="button primary large" type="submit" disabled={busy || !title.trim() || !name.trim()}>
        {busy ? 'Creating…' : start === 'portfolio' ? 'Create portfolio' : 'Start workshop'}
      </button>
    </form>
  );
}

function JoinWithCode() {
  return (
    <CodeForm
      headingId="join-code-title"
      title="Join a workshop"
      label="Join code"
      submitLabel="Join"
      tooShort="A join code has at least 6 letters and digits."
      unknown="No workshop has this code. Check it with your facilitator."
      redeem={redeemJoinCode}
      page={(boardId, secret) => `/b/${boardId}#${secret}`}
      intro={<p className="hint">Open the join link or scan the QR code your facilitator shows, or type the join code.</p>}
      footer={
        <p className="hint">
          Setting up the projector on a room PC? <a href="/present">Type the projector code</a>.
        </p>
      }
    />
  );
}

/** A new board from a spreadsheet of cards or a board JSON, previewed first (ImportDialog). */
function ImportBoard() {
  const [open, setOpen] = useState(false);
  const create = async (json: unknown) => {
    const created = await createBoardFromJson(json);
    rememberBoard(created.id, { secret: created.secrets.facilitator, role: 'facilitator', title: created.title, secrets: created.secrets });
    navigate(`/b/${created.id}#${created.secrets.facilitator}`, { created: true });
  };
  return (
    <section className="landing-card" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <p className="hint">Start from the cards you already have in a spreadsheet, or from a board JSON export.</p>
      <button className="button large" type="button" aria-haspopup="dialog" onClick={() => setOpen(true)}>
        Import a board or spreadsheet…
      </button>
      {open && (
        <Suspense fallback={null}>
          <ImportDialog target={{ kind: 'new-board', create }} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </section>
  );
}
