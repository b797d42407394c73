import { useEffect, useState, type FormEvent } from 'react';
import { ui, useUi } from '../state/ui.ts';
import type { SnapshotInfo } from '../sync/reviewSession.ts';
import { relativeTime, snapshotRow, timeLabel } from '../derive/format.ts';
import { useReview } from '../sync/reviewHooks.ts';
import { versionHistoryOf } from '../sync/versionHistory.ts';
import { SnapshotViewer } from './SnapshotViewer.tsx';
import { useSnapshots } from './useHistory.ts';
import './HistorySection.css';

/**
 * Version history: a timeline of the board's snapshots (at every phase
 * change, every few minutes while it changes, and saved on demand), a way to
 * save one, and the chosen version shown read only or compared.
 */
export function HistorySection() {
  const { snapshots, error, refresh } = useSnapshots();
  const selected = useUi((s) => s.historySnapshot);
  const newestFirst = snapshots ? [...snapshots].reverse() : [];
  const chosen = snapshots?.find((s) => s.id === selected) ?? null;

  return (
    <div className="review-history">
      <section className="review-box history-timeline" aria-labelledby="history-title">
        <div className="box-heading">
          <h2 id="history-title">Versions</h2>
          <button className="button small" type="button" onClick={refresh}>
            Refresh
          </button>
        </div>
        <SaveVersion onSaved={refresh} />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        {snapshots === null && !error && <p className="hint">Loading the history…</p>}
        {snapshots?.length === 0 && <p className="hint">No versions yet. One is saved at every phase change, every few minutes while the board changes, and whenever someone saves one.</p>}
        {newestFirst.length > 0 && (
          <ol className="snapshot-list" aria-label="Saved versions, newest first">
            {newestFirst.map((s) => {
              const row = snapshotRow(s);
              return (
              <li key={s.id}>
                <button
                  className="snapshot-item"
                  type="button"
                  aria-pressed={s.id === selected}
                  data-reason={s.reason}
                  onClick={() => ui.showSnapshot(s.id === selected ? null : s.id)}
                >
                  <span className="snapshot-reason">{row.kind}</span>
                  <span className="snapshot-item-title">{row.title}</span>
                  <time dateTime={s.at} title={timeLabel(s.at)}>
                    {timeLabel(s.at)} · {relativeTime(s.at)}
                  </time>
                </button>
              </li>
              );
            })}
          </ol>
        )}
      </section>
      {chosen && snapshots ? (
        <SnapshotViewer snapshot={chosen} snapshots={snapshots} />
      ) : (
        <section className="review-box snapshot-placeholder" aria-label="Version">
          <p className="hint">Choose a version to see the board as it was then, compare it with another version or with the board now{' '}
            and, as facilitator, restore it.</p>
        </section>
      )}
    </div>
  );
}

function SaveVersion({ onSaved }: { onSaved: () => void }) {
  const review = useReview();
  const [label, setLabel] = useState('');
  const [state, setState] = useState<{ busy: boolean; message: string | null; failed: boolean }>({ busy: false, message: null, failed: false });
  useEffect(() => {
    if (!state.message || state.failed) return;
    const timer = setTimeout(() => setState((s) => ({ ...s, message: null })), 6000);
    return () => clearTimeout(timer);
  }, [state.message, state.failed]);
  if (!review.canSaveVersions) return null;
  const save = (event: FormEvent) => {
    event.preventDefault();
    setState({ busy: true, message: null, failed: false });
    versionHistoryOf(review.board).save(label).then(
      (saved: SnapshotInfo) => {
        setLabel('');
        setState({ busy: false, message: `Saved: ${saved.label ?? 'version'} (${timeLabel(saved.at)})`, failed: false });
        ui.showSnapshot(saved.id);
        onSaved();
      },
      (e: unknown) => setState({ busy: false, message: e instanceof Error ? e.message : 'The version could not be saved.', failed: true }),
    );
  };
  return (
    <form className="save-version" onSubmit={save}>
      <label className="field">
        <span>Name of the version (optional)</span>
        <input value={label} maxLength={200} placeholder="e.g. After the March review" onChange={(e) => setLabel(e.target.value)} />
      </label>
      <button className="button primary" type="submit" disabled={state.busy}>
        {state.busy ? 'Saving…' : 'Save a version'}
      </button>
      <p className={state.failed ? 'form-error' : 'hint'} role="status">
        {state.message}
      </p>
      {review.board.role === 'participant' && (
        <p className="hint">The facilitator&apos;s saved versions are kept for good; a participant&apos;s thin out as they age, like the automatic ones.</p>
      )}
    </form>
  );
}
