import { useEffect, useRef, useState } from 'react';
import type { Card } from '../../shared/model.ts';
import { useBoard, useSession } from '../sync/hooks.ts';
import { ui } from '../state/ui.ts';
import { columnTitle, linkCandidates, linksOf, type LinkedCard } from '../derive/board.ts';
import { Icon } from '../ui/Icon.tsx';
import { GuardedDelete } from '../ui/GuardedDelete.tsx';
import { useProtection } from '../derive/useProtection.ts';
import './CardLinks.css';
import { excerpt } from '../../shared/text.ts';

/** A card's trace links (toward the goal and toward the work), with their assumptions; add and remove links. */
export function CardLinks({ card }: { card: Card }) {
  const session = useSession();
  const { cards, links } = useBoard();
  const { towardGoal, towardWork } = linksOf(card.id, cards, links);
  const candidates = linkCandidates(card, cards, links);
  const [target, setTarget] = useState('');
  const chosen = candidates.some((c) => c.id === target) ? target : '';

  return (
    <section className="card-links" aria-labelledby="card-links-title">
      <h3 id="card-links-title" tabIndex={-1}>
        Trace links
      </h3>
      <LinkList title="Toward the goal" items={towardGoal} empty="Not linked toward a goal yet." mirrored={card.portfolio !== undefined} />
      <LinkList title="Toward the work" items={towardWork} empty="Nothing links to this card yet." mirrored={card.portfolio !== undefined} />
      {session.canEdit && (
        <div className="add-link">
          <label className="field">
            <span>Link to card</span>
            <select value={chosen} onChange={(e) => setTarget(e.target.value)} disabled={candidates.length === 0}>
              <option value="">{candidates.length === 0 ? 'No cards in the neighbouring columns' : 'Choose a card…'}</option>
              {groupByColumn(candidates).map(([title, group]) => (
                <optgroup key={title} label={title}>
                  {group.map((c) => (
                    <option key={c.id} value={c.id}>
                      {excerpt(c.text, 60, { empty: 'Empty card' })}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <button
            className="button"
            type="button"
            disabled={!chosen}
            onClick={() => {
              const refused = session.edits.linkRefusal(card.id, chosen);
              if (refused) ui.notify(refused);
              else session.edits.addLink(card.id, chosen);
              setTarget('');
            }}
          >
            <Icon name="link" size={16} /> Add link
          </button>
        </div>
      )}
    </section>
  );
}

function groupByColumn(cards: Card[]): [string, Card[]][] {
  const groups = new Map<string, Card[]>();
  for (const c of cards) {
    const title = columnTitle(c.column);
    groups.set(title, [...(groups.get(title) ?? []), c]);
  }
  return [...groups];
}

/** `mirrored`: the card is one of the portfolio's goals or segments (links between two of those are the portfolio's). */
function LinkList({ title, items, empty, mirrored }: { title: string; items: LinkedCard[]; empty: string; mirrored: boolean }) {
  return (
    <div className="link-group">
      <h4>{title}</h4>
      {items.length === 0 ? (
        <p className="hint">{empty}</p>
      ) : (
        <ul className="link-list">
          {items.map((item) => (
            <LinkItem key={item.link.id} item={item} fromPortfolio={mirrored && item.card.portfolio !== undefined} />
          ))}
        </ul>
      )}
    </div>
  );
}

function LinkItem({ item, fromPortfolio }: { item: LinkedCard; fromPortfolio: boolean }) {
  const session = useSession();
  const protection = useProtection();
  const field = useRef<HTMLTextAreaElement>(null);
  const label = excerpt(item.card.text, 60, { empty: 'Empty card' });
  // The assumption of a link on an agreed trace is part of what was agreed (the server refuses a participant's edit).
  const agreedWhy = session.role !== 'facilitator' ? protection.link(item.link.id) : undefined;
  const noteId = `link-agreed-${item.link.id}`;
  useEffect(() => {
    const el = field.current;
    if (!el) return;
    return session.texts.bindLinkAssumption(item.link.id, el);
  }, [session, item.link.id]);
  return (
    <li className="link-item">
      <div className="link-item-head">
        <button className="link-target" type="button" onClick={() => ui.openPanel(item.card.id)} aria-label={`Open linked card: ${label}`}>
          <span className="eyebrow">{columnTitle(item.card.column)}</span>
          <span>{label}</span>
        </button>
        {fromPortfolio ? (
          <span className="pill" data-tone="violet" title="Which segment serves which goal comes from the portfolio: changed there">From portfolio</span>
        ) : (
        <GuardedDelete
          label={`Remove link to: ${label}`}
          protection={protection.link(item.link.id)}
          what="link"
          className="icon-button subtle"
          onDelete={() => session.edits.deleteLink(item.link.id)}
          onRemove={() => ui.requestRemoval({ link: item.link.id })}
        >
          <Icon name={protection.link(item.link.id) && session.role !== 'facilitator' ? 'lock' : 'close'} size={16} />
        </GuardedDelete>
        )}
      </div>
      <textarea
        ref={field}
        data-undo="board"
        className="assumption"
        rows={2}
        aria-label={`Assumption for the link to: ${label}`}
        placeholder="We believe that…"
        readOnly={!session.canEdit || fromPortfolio || agreedWhy !== undefined}
        aria-describedby={agreedWhy && session.canEdit ? noteId : undefined}
      />
      {agreedWhy && session.canEdit && (
        <p className="hint" id={noteId}>
          Read only: this link {agreedWhy}. Only the facilitator can change it.
        </p>
      )}
    </li>
  );
}
