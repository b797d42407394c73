import type { ReactNode } from 'react';
import type { BoardDiff } from '../../shared/review/diff.ts';
import type { RestorableItem } from '../../shared/review/restoreItem.ts';
import { columnTitle, diffSummary, fieldWord } from './diffMarks.ts';
import { STATUS_LABELS } from '../derive/labels.ts';
import './DiffList.css';

/** Putting single removed items back onto the board (when the diff's older side is a version). */
export interface DiffRestore {
  /** Ids of removed items that can go back onto the board now. */
  cards: ReadonlySet<string>;
  commitments: ReadonlySet<string>;
  links: ReadonlySet<string>;
  onRestore: (item: RestorableItem, label: string) => void;
}

interface DiffListProps {
  diff: BoardDiff;
  /** Card text by id, of either version (links name the cards they join). */
  cardText: (id: string) => string;
  restore?: DiffRestore;
}

const quote = (text: string) => `“${text.trim().replace(/\s+/g, ' ') || 'Empty card'}”`;

/** What changed between two versions, as lists by kind. */
export function DiffList({ diff, cardText, restore }: DiffListProps) {
  if (diff.empty) return <p className="diff-empty">No changes between these versions.</p>;
  const { cards, links, commitments } = diff;
  return (
    <div className="diff-list">
      <p className="diff-summary">{diffSummary(diff)}</p>
      {restore && restore.cards.size + restore.commitments.size + restore.links.size > 0 && (
        <p className="hint">Restore puts back one removed item with what belongs to it (a card’s fields, links and comments; a commitment’s consent record). Every later change stays.</p>
      )}
      <Group title="Cards added" items={cards.added.map((c) => `${quote(c.text)} in ${columnTitle(c.column)}`)} kind="added" />
      <Group
        title="Cards removed"
        kind="removed"
        items={cards.removed.map((c) => (
          <>
            {quote(c.text)} from {columnTitle(c.column)}
            {restore?.cards.has(c.id) && <RestoreButton what="card" label={oneLine(c.text)} onClick={() => restore.onRestore({ kind: 'card', id: c.id }, oneLine(c.text))} />}
          </>
        ))}
      />
      <Group
        title="Cards edited"
        kind="edited"
        items={cards.edited.map((e) => (
          <>
            {e.text ? (
              <>
                <del>{quote(e.text.before)}</del> → {quote(e.text.after)}
              </>
            ) : (
              quote(cardText(e.id))
            )}
            {e.fields.length > 0 && <span className="hint"> ({e.fields.map((f) => fieldWord(f.field)).join(', ')} changed)</span>}
          </>
        ))}
      />
      <Group
        title="Cards moved"
        kind="moved"
        items={cards.moved.map((m) =>
          m.from.column === m.to.column
            ? `${quote(m.text)}: position ${m.from.index + 1} → ${m.to.index + 1} in ${columnTitle(m.to.column)}`
            : `${quote(m.text)}: ${columnTitle(m.from.column)} → ${columnTitle(m.to.column)}`,
        )}
      />
      <Group title="Links added" kind="added" items={links.added.map((l) => `${quote(cardText(l.from))} → ${quote(cardText(l.to))}`)} />
      <Group
        title="Links removed"
        kind="removed"
        items={links.removed.map((l) => {
          const label = `${oneLine(cardText(l.from))} → ${oneLine(cardText(l.to))}`;
          return (
            <>
              {quote(cardText(l.from))} → {quote(cardText(l.to))}
              {restore?.links.has(l.id) && <RestoreButton what="link" label={label} onClick={() => restore.onRestore({ kind: 'link', id: l.id }, label)} />}
            </>
          );
        })}
      />
      <Group
        title="Link assumptions changed"
        kind="edited"
        items={links.changed.map((l) => `${quote(cardText(l.from))} → ${quote(cardText(l.to))}: ${quote(l.after || 'no assumption')}`)}
      />
      <Group title="Commitments added" kind="added" items={commitments.added.map((c) => `${quote(c.title)} (${STATUS_LABELS[c.status]})`)} />
      <Group
        title="Commitments removed"
        kind="removed"
        items={commitments.removed.map((c) => (
          <>
            {quote(c.title)} ({STATUS_LABELS[c.status]})
            {restore?.commitments.has(c.id) && <RestoreButton what="commitment" label={c.title} onClick={() => restore.onRestore({ kind: 'commitment', id: c.id }, c.title)} />}
          </>
        ))}
      />
      <Group
        title="Commitment status changed"
        kind="edited"
        items={commitments.statusChanged.map((c) => `${quote(c.title)}: ${STATUS_LABELS[c.from]} → ${STATUS_LABELS[c.to]}`)}
      />
      <Group
        title="Commitments edited"
        kind="edited"
        items={commitments.edited.map((c) => `${quote(c.title)} (${c.fields.map(fieldWord).join(', ')})`)}
      />
    </div>
  );
}

const oneLine = (text: string) => text.trim().replace(/\s+/g, ' ') || 'Empty card';

function RestoreButton({ what, label, onClick }: { what: 'card' | 'commitment' | 'link'; label: string; onClick: () => void }) {
  return (
    <button className="chip-button diff-restore" type="button" aria-label={`Restore ${what}: ${label}`} onClick={onClick}>
      Restore
    </button>
  );
}

function Group({ title, items, kind }: { title: string; items: ReactNode[]; kind: 'added' | 'removed' | 'edited' | 'moved' }) {
  if (items.length === 0) return null;
  return (
    <section className="diff-group" data-kind={kind} aria-label={`${title} (${items.length})`}>
      <h4>
        {title} <span className="count-badge">{items.length}</span>
      </h4>
      <ul>
        {items.map((item, i) => (
          <li key={i}>{item}</li>
        ))}
      </ul>
    </section>
  );
}
