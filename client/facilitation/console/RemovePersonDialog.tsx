import { useState } from 'react';
import { ApiError } from '../../api/boards.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { useRequiredControl } from '../../sync/controlHooks.ts';

type Removal = ({
  /** The people to remove (one, or the other joins under one name)… */
  people: readonly { id: string; name: string }[];
} | {
  /** …or everyone a link reset revoked who has not joined again (how many the console counts now). */
  revoked: number;
}) & {
  /** The dialog's title, a question. */
  title: string;
  /** Who they are, in one sentence. */
  who: string;
};

/**
 * Confirms removing people from the workshop (a duplicate from a second
 * device, someone who joined under several names): says what stops counting
 * and what stays, and that the participant link still lets anyone in. Cancel
 * has the focus: a removal cannot be undone.
 */
export function RemovePersonDialog({ removal, onClose }: { removal: Removal; onClose: (said?: string) => void }) {
  const control = useRequiredControl();
  // The cards they added (signed with their person id), as the board is when the dialog opens.
  const [added] = useState(() => ('people' in removal ? control.cardsAddedBy(removal.people.map((p) => p.id)) : 0));
  const [withCards, setWithCards] = useState(false);
  const whoAdded = 'people' in removal && removal.people.length === 1 ? `${removal.people[0]!.name} added` : 'they added';
  const remove = async () => {
    if ('revoked' in removal) {
      await control.removeRevokedPeople();
      return onClose();
    }
    let removed = 0;
    let kept = 0;
    for (const person of removal.people) {
      const answer = (await control.removePerson(person.id, { cards: withCards })) as { cards?: { removed: number; kept: number } } | undefined;
      removed += answer?.cards?.removed ?? 0;
      kept += answer?.cards?.kept ?? 0;
    }
    onClose(withCards ? cardsRemoved(removal.people.length === 1 ? removal.people[0]!.name : `${removal.people.length} joins`, removed, kept) : undefined);
  };
  const effects = 'revoked' in removal ? REVOKED_EFFECTS : withCards ? EFFECTS.map((e) => (e === STAYS ? CARDS_GO : e)) : EFFECTS;
  return (
    <ConfirmDialog
      title={removal.title}
      eyebrow="People"
      lead={removal.who}
      effects={effects}
      confirm="Remove"
      busy="Removing…"
      onConfirm={remove}
      failure={(e) => (e instanceof ApiError && !e.isNetwork ? `Not removed: ${e.message.replace(/\.$/, '')}.` : 'Not removed: the server cannot be reached.')}
      onClose={onClose}
    >
      {added > 0 && (
        <label className="check">
          <input type="checkbox" checked={withCards} onChange={(e) => setWithCards(e.target.checked)} />
          Also remove the {added === 1 ? 'card' : `${added.toLocaleString('en')} cards`} {whoAdded}
        </label>
      )}
    </ConfirmDialog>
  );
}

const NO_LONGER_COUNT = 'Their votes in this round and their answers in an open consent round no longer count.';
const STAYS = 'Their cards, links and comments stay on the board.';
const EFFECTS = [
  'Their devices are disconnected and told so.',
  NO_LONGER_COUNT,
  STAYS,
  'Whoever has the participant link can join again: to keep someone out, reset the participant link too.',
];
/** What became of the cards, for the console to say once the dialog closes. */
function cardsRemoved(who: string, removed: number, kept: number): string {
  const cards = (n: number) => (n === 1 ? '1 card' : `${n.toLocaleString('en')} cards`);
  const stayed = kept > 0 ? ` ${cards(kept)} stayed: ${kept === 1 ? 'it carries' : 'they carry'} a commitment or ${kept === 1 ? 'is' : 'are'} agreed work.` : '';
  return `Removed ${who} and ${cards(removed)} ${removed === 1 ? 'it' : 'they'} added.${stayed}`;
}

const CARDS_GO = 'The cards they added go, with their links, except agreed work and cards carrying a commitment; History keeps the board as it was. Their comments stay.';
/** For those a reset shut out: they are disconnected already, and the link is new. */
const REVOKED_EFFECTS = [NO_LONGER_COUNT, STAYS, 'Should one of them get the new link, they join as someone new.'];

export type { Removal };
