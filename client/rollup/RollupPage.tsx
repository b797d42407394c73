/**
 * The portfolio roll-up at `/b/<portfolioId>/rollup#<secret>`: for each
 * business goal and segment, which boards, functions and agreed commitments
 * reach it, the gaps and overlaps, and the review cadence across boards.
 * One page for a laptop, the wall (its type grows to 28 px on a 1920-wide
 * projector) and paper. It refreshes by itself (useRollup.ts).
 */
import { useEffect, useMemo, useState } from 'react';
import { filterOptions, filterRollup, isFiltered, type RollupFilter } from '../../shared/portfolio/rollupFilter.ts';
import type { Rollup } from '../../shared/portfolio/rollupModel.ts';
import { COMMITMENT_STATUS_LABELS, FUNCTION_LABELS } from '../../shared/portfolio/rollupText.ts';
import { dayLabel, timeLabel } from '../derive/format.ts';
import { CadenceTable } from './CadenceTable.tsx';
import { RollupCallouts } from './RollupCallouts.tsx';
import { RollupExports } from './RollupExports.tsx';
import { RollupFilters } from './RollupFilters.tsx';
import { TargetBlock } from './TargetBlock.tsx';
import { useRollup } from './useRollup.ts';
import './RollupPage.css';

const REFUSED = {
  'no-secret': 'Open the roll-up from the portfolio (its link ends with # and a key).',
  unauthorized: 'This link is not valid for this portfolio: a product board’s link does not open its portfolio.',
  'not-found': 'There is no portfolio at this address.',
  unreachable: 'The server cannot be reached.',
} as const;

export default function RollupPage({ portfolioId }: { portfolioId: string }) {
  const { state, refresh } = useRollup(portfolioId);
  const title = state.status === 'ready' ? state.rollup.portfolio.title : undefined;
  useEffect(() => {
    if (title) document.title = `Roll-up · ${title}`;
  }, [title]);
  if (state.status === 'loading') return <p className="page-message" role="status">Opening the roll-up…</p>;
  if (state.status === 'refused') {
    return (
      <main className="page-message">
        <h1>The roll-up cannot be opened</h1>
        <p>{REFUSED[state.reason]}</p>
      </main>
    );
  }
  return (
    <RollupView
      rollup={state.rollup} secret={state.secret} updatedAt={state.updatedAt} refreshing={state.refreshing} live={state.live}
      {...(state.error ? { error: state.error } : {})} onRefresh={refresh}
    />
  );
}

/** The filters in words, for the count line (and the printed page, where the controls are not). */
function filterLine(filter: RollupFilter, rollup: Rollup): string {
  const parts = [
    filter.segment && `segment “${rollup.segments.find((s) => s.id === filter.segment)?.text ?? '?'}”`,
    filter.function && `function ${FUNCTION_LABELS[filter.function]}`,
    filter.owner && `owner ${filter.owner}`,
    filter.status && `status ${COMMITMENT_STATUS_LABELS[filter.status]}`,
  ].filter(Boolean);
  return `Filtered by ${parts.join(', ')}`;
}

interface ViewProps {
  rollup: Rollup;
  secret: string;
  updatedAt: Date;
  refreshing: boolean;
  /** The server tells this page of changes (else it polls). */
  live: boolean;
  error?: string;
  onRefresh: () => void;
}

function RollupView({ rollup, secret, updatedAt, refreshing, live, error, onRefresh }: ViewProps) {
  const [filter, setFilter] = useState<RollupFilter>({});
  const options = useMemo(() => filterOptions(rollup), [rollup]);
  const shown = useMemo(() => filterRollup(rollup, filter), [rollup, filter]);
  const commitments = useMemo(() => new Map(shown.commitments.map((c) => [c.id, c])), [shown]);
  const filtered = isFiltered(filter);
  const served = (list: Rollup['goals']) => list.filter((t) => !t.gap).length;
  return (
    <main className="rollup" aria-labelledby="rollup-title">
      <header className="rollup-head">
        <div className="rollup-heading">
          <p className="rollup-kicker">Portfolio roll-up</p>
          <h1 id="rollup-title">{rollup.portfolio.title}</h1>
          <p className="rollup-meta">
            {rollup.boards.length} board{rollup.boards.length === 1 ? '' : 's'} · as of {dayLabel(rollup.today)} · updated {timeLabel(updatedAt.getTime())}
            {live && <span className="rollup-live"> · live</span>}
            <span role="status" className="rollup-refreshing">{refreshing ? ' · refreshing…' : ''}</span>
          </p>
          {error && <p className="rollup-error" role="alert">Not refreshed: {error}</p>}
        </div>
        <div className="rollup-actions">
          <button type="button" className="button rollup-button" onClick={onRefresh} disabled={refreshing}>Refresh</button>
          <button type="button" className="button rollup-button" onClick={() => window.print()}>Print</button>
          <RollupExports portfolioId={rollup.portfolio.id} secret={secret} today={rollup.today} />
        </div>
      </header>

      <RollupFilters options={options} value={filter} onChange={setFilter} />
      <p className="rollup-count" role="status" aria-live="polite">
        {filtered ? `${filterLine(filter, rollup)}: ` : ''}
        {served(shown.goals)} of {shown.goals.length} goals and {served(shown.segments)} of {shown.segments.length} segments served · {shown.commitments.length} agreed commitment{shown.commitments.length === 1 ? '' : 's'}
      </p>

      <RollupCallouts gaps={shown.gaps} overlaps={shown.overlaps} filtered={filtered} />

      <section className="rollup-section" aria-labelledby="rollup-goals">
        <h2 id="rollup-goals">Business goals</h2>
        {shown.goals.length === 0 && <p className="rollup-empty">The portfolio has no business goals yet.</p>}
        {shown.goals.map((g) => <TargetBlock key={g.id} target={g} commitments={commitments} />)}
      </section>
      <section className="rollup-section" aria-labelledby="rollup-segments">
        <h2 id="rollup-segments">Segments</h2>
        {shown.segments.length === 0 && <p className="rollup-empty">The portfolio has no segments yet.</p>}
        {shown.segments.map((s) => <TargetBlock key={s.id} target={s} commitments={commitments} />)}
      </section>
      <CadenceTable rows={rollup.cadence} />
    </main>
  );
}
