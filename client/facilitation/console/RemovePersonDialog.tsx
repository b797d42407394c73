import { ApiError } from '../../api/boards.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useRequiredControl } from '../../sync/controlHooks.ts';

interface Removal {
  /** The people to remove (one, or the other joins under one name). */
  people: readonly { id: string; name: string }[];
  /** The dialog's title, a question. */
  title: string;
  /** Who they are, in one sentence. */
  who: string;
}

/**
 * Confirms removing people from the workshop (a duplicate from a second
 * device, someone who joined under several names): says what stops counting
 * and what stays, and that the participant link still lets anyone in. Cancel
 * has the focus: a removal cannot be undone.
 */
export function RemovePersonDialog({ removal, onClose }: { removal: Removal; onClose: () => void }) {
  const control = useRequiredControl();
  const remove = async () => {
    for (const person of removal.people) await control.removePerson(person.id);
    onClose();
  };
  return (
    <ConfirmDialog
      title={removal.title}
      eyebrow="People"
      lead={removal.who}
      effects={EFFECTS}
      confirm="Remove"
      busy="Removing…"
      onConfirm={remove}
      failure={(e) => (e instanceof ApiError && !e.isNetwork ? `Not removed: ${e.message.replace(/\.$/, '')}.` : 'Not removed: the server cannot be reached.')}
      onClose={onClose}
    />
  );
}

const EFFECTS = [
  'Their devices are disconnected and told so.',
  'Their votes in this round and their answers in an open consent round no longer count.',
  'Their cards, links and comments stay on the board.',
  'Whoever has the participant link can join again: to keep someone out, reset the participant link too.',
];

export type { Removal };
