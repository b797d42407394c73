import { useCallback, useEffect, useMemo } from 'react';
import { traceFindings } from '../../shared/derive.ts';
import { COLUMN_IDS, type Card, type ColumnId } from '../../shared/model.ts';
import { useBoardSlice, useCardPresence, useSession } from '../sync/hooks.ts';
import { ui, useUi } from '../state/ui.ts';
import { BoardCanvas } from './BoardCanvas.tsx';
import { BoardDnd } from './BoardDnd.tsx';
import type { CardViewState } from './CardView.tsx';
import { ColumnView } from './ColumnView.tsx';
import { highlightedThread } from '../derive/board.ts';
import { LinkLayer } from './LinkLayer.tsx';
import { LinkController } from './LinkController.tsx';
import { linkLanes } from './linkPlan.ts';
import { listsOf } from './dragPlan.ts';
import { PresenceLayer } from './PresenceLayer.tsx';
import { useCompactLayout } from './useCompactLayout.ts';
import { useLockedForMe } from '../sync/controlHooks.ts';
import { useProtection } from '../derive/useProtection.ts';
import { useBadgeTone } from '../derive/useBadgeTone.ts';
import { keepColumnIds, selectInfo, selectLinks, selectShape, useDerived } from '../derive/boardShape.ts';
import { useSelectionRules } from './useSelectionRules.ts';
import type { TraceBadgeKind } from '../derive/traceBadges.ts';
import { cardOrigin } from '../ui/PortfolioMark.tsx';
import { openingViewport } from './columnFocus.ts';
import './BoardView.css';

/**
 * The board view: the six columns with their cards, trace lines, golden-thread
 * highlight, trace badges and other people's presence. On a phone the columns
 * stack in chain order instead of sitting on a pan-and-zoom canvas.
 */
export function BoardView() {
  const session = useSession();
  // The board's shape, not its texts: typing into a card re-renders that card (its column reads it), not the board.
  const board = useBoardSlice(selectInfo);
  const links = useBoardSlice(selectLinks);
  const shape = useBoardSlice(selectShape);
  // Re-render the cards when who-edits-what changes, not on every cursor move.
  const peers = useCardPresence();
  const selected = useUi((s) => s.selectedCardId);
  const compact = useCompactLayout();
  const locked = useLockedForMe();
  const protection = useProtection();
  useSelectionRules();
  const facilitator = session.role === 'facilitator';
  const portfolioTitle = board.portfolio?.title;
  // The board shows six columns until its document has synced; a portfolio then shows two: open on them again.
  const isPortfolio = board.kind === 'portfolio';
  useEffect(() => {
    if (isPortfolio) ui.setViewport(openingViewport());
  }, [isPortfolio]);

  const findings = useMemo(() => traceFindings(shape, links), [shape, links]);
  const thread = useMemo(() => highlightedThread(selected, shape, links), [selected, shape, links]);
  const toneOf = useBadgeTone();
  const shownBadge = useCallback(
    (kind: TraceBadgeKind | null, card: Card): Pick<CardViewState, 'badge' | 'badgeTone'> => {
      const tone = kind && toneOf(kind, card.column);
      return tone ? { badge: kind, badgeTone: tone } : { badge: null, badgeTone: null };
    },
    [toneOf],
  );
  const linkCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const l of links) {
      counts.set(l.from, (counts.get(l.from) ?? 0) + 1);
      counts.set(l.to, (counts.get(l.to) ?? 0) + 1);
    }
    return counts;
  }, [links]);

  // Linking from a card's handle: the card it starts from, the cards it can link to, the one chosen.
  const linkFrom = useUi((s) => s.linking?.from ?? null);
  const linkTarget = useUi((s) => s.linking?.target ?? null);
  const linkTargets = useMemo(() => {
    const from = linkFrom ? shape.find((c) => c.id === linkFrom) : undefined;
    return new Set(from ? linkLanes(from, shape, links, COLUMN_IDS).flatMap((lane) => lane.ids) : []);
  }, [linkFrom, shape, links]);
  // Where a card's links leave it: the side facing the goal (a goal's links arrive from the other side).
  const goalSide = compact || board.direction === 'ltr' ? 'left' : 'right';
  const sideOf = useCallback(
    (card: Card): 'left' | 'right' => (compact ? 'right' : (card.column === 'goal') === (goalSide === 'right') ? 'left' : 'right'),
    [compact, goalSide],
  );

  const stateOf = useCallback(
    (card: Card): CardViewState => ({
      selected: selected === card.id,
      // While a link is drawn its own highlighting shows (the golden thread's dimming would hide the targets).
      dimmed: linkFrom === null && thread !== null && !thread.cards.has(card.id),
      inThread: thread !== null && thread.cards.has(card.id),
      ...shownBadge(findings.orphans.has(card.id) ? 'orphan' : findings.deadEnds.has(card.id) ? 'dead-end' : null, card),
      editors: peers.filter((p) => p.editing === card.id).map((p) => ({ name: p.user.name, color: p.user.color })),
      draggedBy: peers.find((p) => p.drag?.cardId === card.id)?.user.name ?? null,
      linkCount: linkCounts.get(card.id) ?? 0,
      protection: protection.card(card.id) ?? null,
      agreed: facilitator ? null : (protection.agreed(card.id) ?? null),
      linkSide: sideOf(card),
      linkRole: linkFrom === null ? null : card.id === linkFrom ? 'source' : card.id === linkTarget ? 'target' : linkTargets.has(card.id) ? 'candidate' : null,
      origin: cardOrigin(card, portfolioTitle),
    }),
    [selected, thread, findings, peers, linkCounts, protection, facilitator, shownBadge, sideOf, linkFrom, linkTarget, linkTargets, portfolioTitle],
  );

  const addCard = useCallback(
    (column: ColumnId) => {
      const id = session.edits.addCard(column);
      if (id) ui.startCard(id);
    },
    [session],
  );

  // Each column's cards: a column keeps its list (and its cards re-render only when they change) while its cards stay.
  const columnIds = useDerived(useMemo(() => listsOf(shape), [shape]), keepColumnIds);

  // The columns are in chain order in the page (goals first, as the phases fill them), so Tab
  // follows the workshop; on the canvas a right-to-left board shows them reversed, by CSS only.
  // A portfolio holds the two right-hand columns only: the company's goals and segments.
  const order = board.kind === 'portfolio' ? COLUMN_IDS.filter((c) => c === 'goal' || c === 'segment') : [...COLUMN_IDS];
  return (
    <>
      {session.canEdit && <LinkController />}
      <BoardDnd compact={compact}>
        {() => {
          const columns = order.map((column) => (
            <ColumnView
              key={column}
              column={column}
              cardIds={columnIds[column]}
              stateOf={stateOf}
              canEdit={session.canEdit && !locked.has(column)}
              onAdd={addCard}
            />
          ));
          if (compact) {
            return (
              <div className="board-stack" data-thread-active={thread !== null || undefined} data-linking={linkFrom !== null || undefined}>
                {columns}
              </div>
            );
          }
          return (
            <BoardCanvas overlay={<PresenceLayer />}>
              <LinkLayer cards={shape} links={links} thread={thread} />
              <div className="columns" data-direction={board.direction} data-thread-active={thread !== null || undefined} data-linking={linkFrom !== null || undefined}>
                {columns}
              </div>
            </BoardCanvas>
          );
        }}
      </BoardDnd>
    </>
  );
}
