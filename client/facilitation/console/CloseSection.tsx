import { useEffect, useId, useRef } from 'react';
import { EXPORT_CHOICES } from '../../api/exports.ts';
import { useExportDownload } from '../../ui/useExportDownload.ts';
import { localToday } from '../../derive/format.ts';
import { NextReview } from '../../ui/NextReview.tsx';
import { ReviewSummaryLink, useInviteSecrets } from '../../ui/InviteLinks.tsx';
import { useLinkBase } from '../../state/linkBase.ts';
import { useFacilitation } from '../../sync/controlHooks.ts';
import { useBoard, useSession } from '../../sync/hooks.ts';
import { useCadence } from '../../sync/reviewHooks.ts';

/** The exports a workshop's close hands out: the commitments as a document, a spreadsheet, calendar dates and a printable page. */
const CLOSE_EXPORTS = EXPORT_CHOICES.filter((c) => c.format === 'md' || c.format === 'csv' || c.format === 'ics' || c.format === 'pdf');

/**
 * At Close, the last phase (a live room found it a dead end: Next phase
 * disabled and nothing else): what closing a workshop needs, from the parts
 * that already do it: the agreed commitments exported (the Export menu's
 * downloads), the read-only review link for stakeholders (the Invite panel's)
 * and the next review date (the review summary's).
 */
export function CloseSection() {
  const f = useFacilitation()!;
  return f.phase === 'close' ? <CloseWorkshop /> : null;
}

function CloseWorkshop() {
  const session = useSession();
  const f = useFacilitation()!;
  const { board, commitments } = useBoard();
  const cadence = useCadence();
  const { busy, download } = useExportDownload();
  const [secrets] = useInviteSecrets(session.boardId, f.participantLinkResets ?? 0);
  const linkBase = useLinkBase();
  const id = useId();
  // It appears above the phases as the room reaches Close; the browser keeps what was in view (the phase
  // just clicked) where it was, which would leave it out of sight above.
  const section = useRef<HTMLElement>(null);
  useEffect(() => {
    // A block, not an expression: this Chromium's scrollIntoView returns a promise, which React would call as the cleanup.
    section.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const agreed = commitments.filter((c) => c.status === 'agreed' || c.status === 'in-progress' || c.status === 'done').length;
  const proposed = commitments.filter((c) => c.status === 'proposed').length;
  return (
    <section ref={section} className="console-section console-close" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Close the workshop</h3>
      <p className="hint">
        {agreed === 1 ? '1 agreed commitment' : `${agreed} agreed commitments`}
        {proposed > 0 ? `, ${proposed} still proposed` : ''}.
      </p>

      <h4 id={`${id}-export`}>Export the agreed commitments</h4>
      <div className="row" role="group" aria-labelledby={`${id}-export`} aria-busy={busy !== null}>
        {CLOSE_EXPORTS.map((choice) => (
          <button key={choice.format} className="button small" type="button" title={choice.description} disabled={busy !== null} onClick={() => void download(choice.format)}>
            {choice.label}
          </button>
        ))}
      </div>
      <p className="visually-hidden" role="status">
        {busy ? `Preparing the ${busy} export…` : ''}
      </p>

      {!secrets || linkBase.kind === 'unknown' ? (
        <p className="hint">Loading the review link…</p>
      ) : (
        <>
          <ReviewSummaryLink boardId={session.boardId} viewerSecret={secrets.viewer} />
          {linkBase.kind === 'this-computer-only' && <p className="console-warning">Only this computer can open this link: Invite says how to serve the room.</p>}
        </>
      )}

      <NextReview title={<h4>Next review</h4>} nextReview={board.nextReview} cadence={cadence} today={localToday()} />
    </section>
  );
}
