import type { RollupGap, RollupOverlap } from '../../shared/portfolio/rollupModel.ts';
import { gapText } from '../../shared/portfolio/rollupText.ts';
import './RollupCallouts.css';

/** The gaps and the overlaps, called out above the goals: what a leadership review talks about first. */
export function RollupCallouts({ gaps, overlaps, filtered }: { gaps: readonly RollupGap[]; overlaps: readonly RollupOverlap[]; filtered: boolean }) {
  return (
    <div className="rollup-callouts">
      <section className="rollup-callout" data-tone={gaps.length ? 'gap' : 'clear'} aria-labelledby="rollup-gaps">
        <h2 id="rollup-gaps">Gaps{gaps.length ? ` (${gaps.length})` : ''}</h2>
        {gaps.length === 0 ? (
          <p>None{filtered ? ' with these filters' : ''}: every goal and segment is served and every board reaches a goal.</p>
        ) : (
          <ul className="rollup-gap-list">
            {gaps.map((g) => <li key={g.kind === 'board' ? `b-${g.board}` : `${g.kind}-${g.id}`} data-kind={g.kind}>{gapText(g)}</li>)}
          </ul>
        )}
        {filtered && gaps.some((g) => g.kind !== 'board') && <p className="rollup-callout-note">With these filters: nothing that passes them reaches these.</p>}
      </section>
      <section className="rollup-callout" data-tone={overlaps.length ? 'overlap' : 'clear'} aria-labelledby="rollup-overlaps">
        <h2 id="rollup-overlaps">Overlaps{overlaps.length ? ` (${overlaps.length})` : ''}</h2>
        {overlaps.length === 0 ? (
          <p>None found: no two boards target the same behaviour or indicator of a segment.</p>
        ) : (
          <ul className="rollup-overlap-list">
            {overlaps.map((o) => (
              <li key={`${o.sides[0].card.id}-${o.sides[1].card.id}`} className="rollup-overlap">
                <p className="rollup-overlap-what">
                  Same {o.column === 'behaviour' ? 'behaviour' : 'value indicator'} for “{o.segment.text}”:
                </p>
                <div className="rollup-overlap-sides">
                  {o.sides.map((s) => (
                    <div key={s.board} className="rollup-overlap-side">
                      <strong>{s.boardTitle}</strong>
                      <span>“{s.card.text}”</span>
                    </div>
                  ))}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
