import { useMemo, useState, type ReactNode } from 'react';
import { diffBoards } from '../../shared/review/diff.ts';
import { restorableItems } from '../../shared/review/restoreItem.ts';
import type { BoardJson } from '../../shared/schema.ts';
import { navigate } from '../state/router.ts';
import { ui, useUi } from '../state/ui.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import type { SnapshotInfo } from '../sync/reviewSession.ts';
import { DiffList, type DiffRestore } from './DiffList.tsx';
import { snapshotName, snapshotTitle } from '../derive/format.ts';
import { useReview } from '../sync/reviewHooks.ts';
import { versionHistoryOf } from '../sync/versionHistory.ts';
import { SnapshotBoard, type ShownBoard } from './SnapshotBoard.tsx';
import { useSnapshotBoard } from './useHistory.ts';
import './SnapshotViewer.css';

interface ViewerProps {
  snapshot: SnapshotInfo;
  snapshots: readonly SnapshotInfo[];
}

/**
 * One version of the board, read only: as it was, or compared with another
 * version or with the board now (the changes listed and marked on the newer
 * board). The facilitator can restore it, as one change they can undo.
 */
export function SnapshotViewer({ snapshot, snapshots }: ViewerProps) {
  const session = useSession();
  const live = useBoard();
  const compareTo = useUi((s) => s.historyCompareTo);
  const loaded = useSnapshotBoard(snapshot.id);
  const other = useSnapshotBoard(compareTo && compareTo !== 'current' ? compareTo : null);
  const otherInfo = snapshots.find((s) => s.id === compareTo);

  const comparison = useMemo(() => {
    if (!compareTo || loaded?.status !== 'ready') return null;
    const mine = loaded.value;
    if (compareTo === 'current') {
      return { from: mine as ShownBoard, to: live as ShownBoard, toLabel: 'the board now', fromLabel: snapshotName(snapshot), fromVersion: { info: snapshot, board: mine } };
    }
    if (other?.status !== 'ready' || !otherInfo) return null;
    const older = Date.parse(otherInfo.at) < Date.parse(snapshot.at);
    const a = { board: other.value as ShownBoard, label: snapshotName(otherInfo), version: { info: otherInfo, board: other.value } };
    const b = { board: mine as ShownBoard, label: snapshotName(snapshot), version: { info: snapshot, board: mine } };
    const [from, to] = older ? [a, b] : [b, a];
    return { from: from.board, to: to.board, fromLabel: from.label, toLabel: to.label, fromVersion: from.version };
  }, [compareTo, loaded, other, otherInfo, live, snapshot]);
  const diff = useMemo(() => (comparison ? diffBoards(comparison.from, comparison.to) : null), [comparison]);
  const cardText = useMemo(() => {
    const texts = new Map<string, string>();
    for (const c of comparison?.from.cards ?? []) texts.set(c.id, c.text);
    for (const c of comparison?.to.cards ?? []) texts.set(c.id, c.text);
    return (id: string) => texts.get(id) ?? '';
  }, [comparison]);

  const name = snapshotName(snapshot);
  return (
    <section className="review-box snapshot-viewer" aria-labelledby="snapshot-title">
      <header className="snapshot-viewer-header">
        <div>
          <p className="eyebrow">Version · read only</p>
          <h2 id="snapshot-title">{name}</h2>
          <p className="hint">Looking at a version changes nothing on the board.</p>
        </div>
        <div className="snapshot-controls">
          <label className="field compare-field">
            <span>Compare with</span>
            <select value={compareTo ?? ''} onChange={(e) => ui.showSnapshot(snapshot.id, e.target.value || null)}>
              <option value="">Nothing: show this version</option>
              <option value="current">The board now</option>
              {[...snapshots].reverse().filter((s) => s.id !== snapshot.id).map((s) => (
                <option key={s.id} value={s.id}>
                  {snapshotName(s)}
                </option>
              ))}
            </select>
          </label>
          {session.role === 'facilitator' && loaded?.status === 'ready' && <RestoreButton snapshot={snapshot} board={loaded.value} name={name} />}
        </div>
      </header>
      {loaded?.status === 'error' && (
        <p className="form-error" role="alert">
          {loaded.message}
        </p>
      )}
      {(loaded?.status === 'loading' || (compareTo && !comparison && other?.status !== 'error')) && <p className="hint">Loading the version…</p>}
      {other?.status === 'error' && (
        <p className="form-error" role="alert">
          {other.message}
        </p>
      )}
      {comparison && diff ? (
        <>
          <h3 className="diff-title">
            Changes from {comparison.fromLabel} to {comparison.toLabel}
          </h3>
          <ItemRestore version={comparison.fromVersion}>{(restore) => <DiffList diff={diff} cardText={cardText} restore={restore} />}</ItemRestore>
          <SnapshotBoard board={comparison.to} diff={diff} label={`Changes marked on ${comparison.toLabel}`} />
        </>
      ) : (
        !compareTo && loaded?.status === 'ready' && <SnapshotBoard board={loaded.value as ShownBoard} label={`The board at ${name}`} />
      )}
    </section>
  );
}

/**
 * Puts single removed items of the older version back onto the board (cards
 * and links: anyone who edits; commitments: the facilitator), each as one
 * change the person can undo; says in place what happened.
 */
function ItemRestore({ version, children }: { version: { info: SnapshotInfo; board: BoardJson }; children: (restore: DiffRestore | undefined) => ReactNode }) {
  const session = useSession();
  const review = useReview();
  const live = useBoard();
  const [result, setResult] = useState<{ message: string; failed: boolean } | null>(null);
  const restore = useMemo((): DiffRestore | undefined => {
    if (!session.canEdit) return undefined;
    const items = restorableItems(version.board, live);
    return {
      cards: items.cards,
      links: items.links,
      commitments: session.role === 'facilitator' ? items.commitments : new Set(),
      onRestore: (item, label) => {
        try {
          const left = versionHistoryOf(review.board).restoreItem(version.info, version.board, item);
          setResult({ message: `Restored ${item.kind} “${label}” from the version “${snapshotName(version.info)}”.${left.length ? ` Not restored with it: ${left.join('; ')}.` : ''}`, failed: false });
        } catch (error) {
          setResult({ message: error instanceof Error ? error.message : 'It could not be restored.', failed: true });
        }
      },
    };
  }, [session, review, live, version]);
  return (
    <>
      <div className="item-restore-result" role="status">
        {result && (
          <p className={result.failed ? 'form-error' : 'restored-note'}>
            {result.message}
            {!result.failed && (
              <button
                className="button small"
                type="button"
                onClick={() => {
                  session.undo();
                  setResult(null);
                }}
              >
                Undo
              </button>
            )}
          </p>
        )}
      </div>
      {children(restore)}
    </>
  );
}

/** Facilitator: restores the version after a confirmation; the board keeps a "Before restore" version and the restore can be undone. */
function RestoreButton({ snapshot, board, name }: { snapshot: SnapshotInfo; board: BoardJson; name: string }) {
  const review = useReview();
  const [step, setStep] = useState<'idle' | 'confirm' | 'busy'>('idle');
  const [error, setError] = useState<string | null>(null);
  const kept = step === 'confirm' ? versionHistoryOf(review.board).agreedKept() : 0;
  const restore = () => {
    setStep('busy');
    setError(null);
    versionHistoryOf(review.board).restore(snapshot, board, name).then(
      (changed) => {
        setStep('idle');
        if (!changed) {
          setError('The board already matches this version: nothing to restore.');
          return;
        }
        ui.showSnapshot(null);
        navigate(`/b/${review.board.boardId}`);
        ui.notify(`Board restored to ${snapshotTitle(snapshot)}`, true);
      },
      (e: unknown) => {
        setStep('confirm');
        setError(e instanceof Error ? e.message : 'The version could not be restored.');
      },
    );
  };
  if (step === 'idle') {
    return (
      <>
        <button className="button" type="button" onClick={() => setStep('confirm')}>
          Restore this version…
        </button>
        {error && <p className="hint" role="status">{error}</p>}
      </>
    );
  }
  return (
    <div className="restore-confirm" role="group" aria-labelledby="restore-question">
      <p id="restore-question">
        Restore the board to this version? The board as it is now is saved first as “Before restore”, comments and check-ins stay, and Undo takes the restore back.
        {kept > 0 && ` Agreed work stays as it is now: ${kept === 1 ? 'the commitment on record' : `the ${kept} commitments on record`}, with the cards and links of their traces.`}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="restore-actions">
        <button className="button" type="button" disabled={step === 'busy'} onClick={() => setStep('idle')}>
          Cancel
        </button>
        <button className="button primary" type="button" disabled={step === 'busy'} onClick={restore}>
          {step === 'busy' ? 'Restoring…' : 'Restore'}
        </button>
      </div>
    </div>
  );
}
