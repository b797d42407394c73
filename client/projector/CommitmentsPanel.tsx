import { useEffect, useMemo, useRef, useState } from 'react';
import { CONSENTED } from '../../shared/commitments.ts';
import { goalTracer } from '../../shared/derive.ts';
import type { Card, Commitment } from '../../shared/model.ts';
import { humanDate } from '../../shared/readBack.ts';
import { useBoard } from '../sync/hooks.ts';
import { StatusChip } from '../ui/StatusChip.tsx';
import { consentStanding, standingText, type ConsentStanding } from '../derive/consentOutcome.ts';
import { useFitToBox } from './useFitToBox.ts';
import './CommitmentsPanel.css';

const ORDER = ['agreed', 'in-progress', 'done', 'proposed'];

/** Seconds each page of a long table stays on the wall (as a long column's cards). */
const PAGE_MS = 12_000;

/**
 * The commitments at the end of the workshop: who does what by when, moving
 * which indicator, toward which business goal (the point of the method). A
 * proposal the room did not agree to says so with the recorded outcome of its
 * last consent round ("Not agreed · 1 objection"), as phones do. At Close
 * (`closing`), what the room agreed stands alone, large; what was not agreed
 * is listed below it. The table's type never goes below ~36 px at 1080p (read
 * from 6 m): more rows than fit page through ("Showing 1–4 of 9"), rather
 * than shrink or hide some.
 */
export function CommitmentsPanel({ closing = false }: { closing?: boolean }) {
  const { cards, links, commitments } = useBoard();
  const byId = useMemo(() => new Map(cards.map((c) => [c.id, c])), [cards]);
  const goalsOf = useMemo(() => {
    const trace = goalTracer(cards, links);
    return (c: Commitment) => trace(c.card).map((id) => byId.get(id)).filter((card): card is Card => card?.column === 'goal');
  }, [cards, links, byId]);
  const live = commitments.filter((c) => c.status !== 'dropped').sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  const shown = closing ? live.filter((c) => CONSENTED.includes(c.status)) : live;
  const notAgreed = closing ? live.filter((c) => !CONSENTED.includes(c.status)) : [];
  const key = JSON.stringify([shown, notAgreed, links.length]);
  const ref = useFitToBox<HTMLDivElement>(key, 0.5, 1.5);
  const title = closing ? `What we agreed (${shown.length})` : `Commitments (${shown.length})`;
  // As ColumnStage pages cards: the first row of the page is state, how many fit a layout read written into the rows.
  const [page, setPage] = useState({ key: '', start: 0 });
  const start = page.key === key && page.start < shown.length ? page.start : 0;
  const pageLabel = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const bottom = box.getBoundingClientRect().bottom;
    const rows = [...box.querySelectorAll<HTMLElement>('tbody > tr')];
    const fits = Math.max(1, rows.filter((tr) => tr.getBoundingClientRect().bottom <= bottom + 1).length);
    rows.forEach((tr, i) => tr.toggleAttribute('data-next-page', i >= fits));
    const paged = start > 0 || fits < rows.length;
    const label = pageLabel.current;
    if (label) label.textContent = paged ? `Showing ${start + 1}–${Math.min(shown.length, start + fits)} of ${shown.length}` : '';
    if (!paged) return;
    const timer = setTimeout(() => setPage({ key, start: start + fits >= shown.length ? 0 : start + fits }), PAGE_MS);
    return () => clearTimeout(timer);
  }, [ref, key, start, shown.length]);
  return (
    <section className="commitments-panel" data-closing={closing || undefined} aria-labelledby="commitments-title">
      <header className="commitments-header">
        <h2 id="commitments-title">{title}</h2>
        <p ref={pageLabel} className="commitments-page" role="status" />
      </header>
      <div ref={ref} className="commitments-rows">
        {shown.length === 0 ? (
          <p className="projector-empty">{closing ? 'No commitment was agreed.' : 'No commitments yet: promote initiatives to propose them.'}</p>
        ) : (
          <table className="commitments-table">
            <thead>
              <tr>
                <th scope="col">Commitment</th>
                <th scope="col">Owner</th>
                <th scope="col">Due</th>
                <th scope="col">Moves</th>
                <th scope="col">Toward the goal</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {shown.slice(start).map((c) => {
                const goals = goalsOf(c);
                return (
                  <tr key={c.id} data-status={c.status}>
                    <td>{c.title}</td>
                    <td>{c.owner || '—'}</td>
                    <td className="commitment-due">{c.due ? humanDate(c.due) : '—'}</td>
                    <td className="commitment-moves">{c.indicators.map((id) => byId.get(id)?.text.trim() || 'Empty card').join('; ') || '—'}</td>
                    <td className="commitment-goals" data-orphan={goals.length === 0 || undefined}>
                      {goals.length ? goals.map((g) => g.text.trim() || 'Empty card').join('; ') : 'reaches no goal'}
                    </td>
                    <td className="commitment-status">
                      <StatusChip status={c.status} />
                      <NotAgreed standing={c.status === 'proposed' ? consentStanding(c) : null} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      {notAgreed.length > 0 && (
        <section className="commitments-not-agreed" aria-labelledby="commitments-not-agreed-title">
          <h3 id="commitments-not-agreed-title">Not agreed yet ({notAgreed.length})</h3>
          <ul>
            {notAgreed.map((c) => (
              <li key={c.id}>
                {c.title}
                <NotAgreed standing={consentStanding(c)} lead=" · " />
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** The recorded outcome of a proposal's last consent round when the room did not agree: "Not agreed · 1 objection". */
function NotAgreed({ standing, lead = '' }: { standing: ConsentStanding | null; lead?: string }) {
  if (standing?.outcome !== 'not-agreed') return null;
  const text = standingText(standing);
  return (
    <span className="consent-standing" data-outcome={standing.outcome}>
      {lead}
      {text.charAt(0).toUpperCase() + text.slice(1)}
    </span>
  );
}
