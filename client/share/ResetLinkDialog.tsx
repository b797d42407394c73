import { ApiError, resetLink, type InviteSecrets } from '../api/boards.ts';
import type { ResettableLink } from '../../shared/protocol.ts';
import { LINK_NAMES } from '../derive/linkNames.ts';
import { ConfirmDialog } from '../ui/ConfirmDialog.tsx';

interface ResetLinkDialogProps {
  boardId: string;
  facilitatorSecret: string;
  /** Which link to replace. */
  link: ResettableLink;
  /** The reset happened: the invites after it, with the link's new secret. */
  onReset: (invites: InviteSecrets) => void;
  onClose: () => void;
}

/** What a reset of each link does, in the facilitator's words: who is disconnected, and what stops and keeps working. */
const EFFECTS: Record<ResettableLink, { who: string; effects: string[] }> = {
  participant: {
    who: 'Everyone who opened the current participant link is disconnected and needs the new link or join code.',
    effects: [
      'The current participant link, its QR code and its join code stop working at once.',
      'Everything already on the board stays. People rejoin with the new link and carry on under their name.',
      'Your facilitator link and the viewer, reviewer and projector links keep working.',
    ],
  },
  viewer: {
    who: 'Everyone who opened the current viewer link, on the board or on the review summary, is disconnected and needs the new link.',
    effects: [
      'Both viewer links (the board and the review summary) stop working at once, in every chat and e-mail they were sent in.',
      'Send the new viewer link to the people who should still read the board.',
      'The projector keeps its own link; your facilitator link and the participant and reviewer links keep working.',
    ],
  },
  reviewer: {
    who: 'Every reviewer who opened the current reviewer link is disconnected and needs the new link.',
    effects: [
      'The current reviewer link stops working at once.',
      'Their comments and check-ins stay. Reviewers rejoin with the new link and carry on under their name.',
      'Your facilitator link and the participant, viewer and projector links keep working.',
    ],
  },
  projector: {
    who: 'The wall on the room PC is disconnected and shows that its link no longer works until you open the new projector link there.',
    effects: [
      'The current projector link and its projector code stop working at once.',
      'The join code stays the same: the new projector link shows it.',
      'Your facilitator link and the participant, viewer and reviewer links keep working.',
    ],
  },
};

/** Why the reset did not happen, in the facilitator's words (nothing changed in either case). */
function failure(error: unknown): string {
  if (error instanceof ApiError && !error.isNetwork) return `The link was not reset: ${error.message.replace(/\.$/, '')}. Nothing changed.`;
  return 'The link was not reset: the server cannot be reached. Nothing changed; try again once you are back online.';
}

/**
 * Confirms replacing an invite link (a leaked link cannot be taken back
 * otherwise): says who is disconnected and what keeps working, then asks the
 * server. Cancel has the focus: the reset cannot be undone.
 */
export function ResetLinkDialog({ boardId, facilitatorSecret, link, onReset, onClose }: ResetLinkDialogProps) {
  const { who, effects } = EFFECTS[link];
  const reset = async () => {
    const invites = await resetLink(boardId, facilitatorSecret, link);
    if (typeof invites[link] !== 'string' || !invites[link]) throw new ApiError(500, 'bad-response', 'The server sent no new link.');
    onReset(invites);
  };
  return (
    <ConfirmDialog
      title={`Reset the ${LINK_NAMES[link].name.toLowerCase()}?`}
      eyebrow="Share this board"
      lead={`${who} Do this when the link reached someone it should not have.`}
      effects={effects}
      confirm="Reset the link"
      busy="Resetting the link…"
      onConfirm={reset}
      failure={failure}
      onClose={onClose}
    />
  );
}
