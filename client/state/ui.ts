/**
 * UI-only state of the board page, in one vanilla zustand store: selection,
 * viewport, the view shown, open panels, the drag in progress, notices.
 * Nothing here is shared with other people; `resetUi()` restores it for tests.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ColumnId } from '../../shared/model.ts';
import type { Viewport } from './geometry.ts';
import type { RemovalTarget } from '../../shared/removal.ts';
import type { PhaseId } from '../../shared/doc/control.ts';

export type BoardView = 'board' | 'table' | 'outline';

/** The tabs of the commitments panel. */
export type CommitmentsTab = 'commitments' | 'trace';

export interface DragPreview {
  cardId: string;
  /** Where the card stood when picked up: its column and position in it. */
  origin: { column: ColumnId; index: number };
  /** Where it would land if dropped now: a column and its position among that column's other cards, or onto card `group` to group with it. */
  target: { column: ColumnId; index: number; group?: string };
  /** Moved with the keyboard: arrow keys set the target, not the card's position. */
  keyboard: boolean;
  /** This person may group cards (the facilitator): a drop onto a card of the same column groups them. */
  canGroup: boolean;
}

/** A part of the card panel to bring into view and focus when it opens: the column's fields or the trace links. */
export type PanelSection = 'fields' | 'links';

/**
 * Linking a card from the board: from its link handle, dragged with the
 * pointer onto a target (`pointer`) or chosen with arrow keys or a click
 * (`pick`). `target` is a card it can link to, null when none is chosen.
 */
export interface Linking {
  from: string;
  target: string | null;
  mode: 'pointer' | 'pick';
  /** Where the pointer is (screen pixels), while dragging. */
  pointer?: { x: number; y: number };
}

export interface Notice {
  id: number;
  message: string;
  /** Offers an Undo button when set. */
  undoable: boolean;
  /** Another way to set things right (e.g. "Add it again"), offered as a button. */
  action?: { label: string; run: () => void };
}

export interface UiState {
  view: BoardView;
  selectedCardId: string | null;
  /** The card whose details (fields and links) are open in the side panel. */
  panelCardId: string | null;
  /** The part of the card panel asked for (null: the top), until the panel has shown it. */
  panelSection: PanelSection | null;
  sharePanelOpen: boolean;
  viewport: Viewport;
  drag: DragPreview | null;
  linking: Linking | null;
  /** The last thing said to screen readers about linking and grouping on the board (a live region). */
  announcement: { id: number; text: string } | null;
  notice: Notice | null;
  /** A card whose text field should take focus once it is on screen (just added). */
  focusCardId: string | null;
  /**
   * The card this person just started and is writing (Enter in it saves it and
   * starts the next one); `chained` when Enter started it, so it is taken back
   * if left blank.
   */
  newCard: { id: string; chained: boolean; after?: string } | null;
  /** Facilitator: the facilitation console is open. */
  consoleOpen: boolean;
  /** The "Find a card" dialog is open (Ctrl+K). */
  findOpen: boolean;
  /** This person's view follows the facilitator's while follow-me is on (false: they stopped following). */
  following: boolean;
  /** The commitments panel: open or not, its tab, and the commitment shown in detail (null: the list). */
  commitmentsOpen: boolean;
  commitmentsTab: CommitmentsTab;
  commitmentId: string | null;
  /** Facilitator: the trace-check override dialog is open (closing Commit with open findings). */
  overrideOpen: boolean;
  /** The phase the facilitator was stepping to when the override was asked for: recording it takes the step (null: asked from the trace check). */
  overrideThen: PhaseId | null;
  /** Facilitator: the consent round dialog is open (from the console, while a round runs). */
  consentOpen: boolean;
  /** Review: the card panel should bring its comments into view (opened from a card's comment count). */
  commentsRequested: boolean;
  /** Review: the version-history snapshot looked at, and what it is compared with ('current': the live board; null: no comparison). */
  historySnapshot: string | null;
  historyCompareTo: string | null;
  /** Facilitator: the protected card or link whose removal asks for a confirmation and a reason. */
  removal: RemovalTarget | null;
}

const initialState: UiState = {
  view: 'board',
  selectedCardId: null,
  panelCardId: null,
  panelSection: null,
  sharePanelOpen: false,
  viewport: { x: 0, y: 0, zoom: 1 },
  drag: null,
  linking: null,
  announcement: null,
  notice: null,
  focusCardId: null,
  newCard: null,
  consoleOpen: false,
  following: true,
  commitmentsOpen: false,
  commitmentsTab: 'commitments',
  commitmentId: null,
  overrideOpen: false,
  overrideThen: null,
  consentOpen: false,
  commentsRequested: false,
  historySnapshot: null,
  historyCompareTo: null,
  removal: null,
  findOpen: false,
};

export const uiStore = createStore<UiState>()(() => ({ ...initialState }));

/** Selects part of the UI state in a component. */
export function useUi<T>(selector: (state: UiState) => T): T {
  return useStore(uiStore, selector);
}

export function resetUi(): void {
  uiStore.setState({ ...initialState }, true);
}

let noticeId = 0;

export const ui = {
  setView: (view: BoardView) => uiStore.setState({ view }),
  select: (selectedCardId: string | null) => {
    if (uiStore.getState().selectedCardId !== selectedCardId) uiStore.setState({ selectedCardId });
  },
  openPanel: (cardId: string, section: PanelSection | null = null) =>
    uiStore.setState({ panelCardId: cardId, panelSection: section, selectedCardId: cardId, sharePanelOpen: false, commitmentsOpen: false }),
  panelSectionShown: () => uiStore.setState({ panelSection: null }),
  closePanel: () => uiStore.setState({ panelCardId: null }),
  /** The card whose panel is open, if any (for actions that remove it). */
  panelOf: () => uiStore.getState().panelCardId,
  setShareOpen: (sharePanelOpen: boolean) => uiStore.setState(sharePanelOpen ? { sharePanelOpen, panelCardId: null, commitmentsOpen: false } : { sharePanelOpen }),
  setViewport: (viewport: Viewport) => uiStore.setState({ viewport }),
  setDrag: (drag: DragPreview | null) => uiStore.setState({ drag }),
  setLinking: (linking: Linking | null) => uiStore.setState({ linking }),
  announce: (text: string) => uiStore.setState({ announcement: { id: ++noticeId, text } }),
  /** Empties the live region once announcement `id` has been said (a newer one stays). */
  clearAnnouncement: (id: number) => {
    if (uiStore.getState().announcement?.id === id) uiStore.setState({ announcement: null });
  },
  requestFocus: (focusCardId: string | null) => uiStore.setState({ focusCardId }),
  setFindOpen: (findOpen: boolean) => uiStore.setState({ findOpen }),
  /** A card this person just added: its text takes the focus, and Enter in it starts the next one (`chained`: Enter started this one). */
  startCard: (id: string, chained = false, after?: string) =>
    uiStore.setState({ focusCardId: id, selectedCardId: null, newCard: { id, chained, ...(after ? { after } : {}) } }),
  /** The person left the text of a card: it is no longer the one being started. */
  leftCard: (id: string) => {
    if (uiStore.getState().newCard?.id === id) uiStore.setState({ newCard: null });
  },
  setConsoleOpen: (consoleOpen: boolean) => uiStore.setState(consoleOpen ? { consoleOpen, commitmentsOpen: false } : { consoleOpen }),
  /** Opens the commitments panel (one side panel at a time): a tab, and optionally one commitment in detail. */
  openCommitments: (tab: CommitmentsTab = 'commitments', commitmentId: string | null = null) =>
    uiStore.setState({ commitmentsOpen: true, commitmentsTab: tab, commitmentId, panelCardId: null, sharePanelOpen: false, consoleOpen: false }),
  closeCommitments: () => uiStore.setState({ commitmentsOpen: false }),
  showCommitment: (commitmentId: string | null) => uiStore.setState({ commitmentId }),
  setCommitmentsTab: (commitmentsTab: CommitmentsTab) => uiStore.setState({ commitmentsTab }),
  /**
   * Facilitator: the override dialog for closing the Commit phase while findings
   * are open, asked for by a step to phase `then` (the console's phase step calls
   * this when blocked): the console stays open under it, and recording the
   * override takes the step.
   */
  openTraceOverride: (then: PhaseId) => uiStore.setState({ overrideOpen: true, overrideThen: then }),
  /** The override dialog from the trace check (no phase step), or closed. */
  setOverrideOpen: (overrideOpen: boolean) => uiStore.setState({ overrideOpen, overrideThen: null }),
  /** Facilitator: the commitments panel with the consent round dialog open (false: the dialog closes). */
  setConsentOpen: (consentOpen: boolean) =>
    uiStore.setState(consentOpen ? { consentOpen, commitmentsOpen: true, commitmentsTab: 'commitments', panelCardId: null, sharePanelOpen: false, consoleOpen: false } : { consentOpen }),
  setFollowing: (following: boolean) => uiStore.setState({ following }),
  /** Review: opens a card's panel at its comments. */
  openComments: (cardId: string) => {
    ui.openPanel(cardId);
    uiStore.setState({ commentsRequested: true });
  },
  commentsShown: () => uiStore.setState({ commentsRequested: false }),
  /** Review: looks at a snapshot (null: none), optionally compared with another one or 'current'. */
  showSnapshot: (historySnapshot: string | null, historyCompareTo: string | null = null) => uiStore.setState({ historySnapshot, historyCompareTo }),
  /** Facilitator: asks to remove a protected card or link (a confirmation with a reason), or closes that (null). */
  requestRemoval: (removal: RemovalTarget | null) => uiStore.setState({ removal }),
  notify: (message: string, undoable = false, action?: Notice['action']) => uiStore.setState({ notice: { id: ++noticeId, message, undoable, ...(action ? { action } : {}) } }),
  dismissNotice: (id: number) => {
    if (uiStore.getState().notice?.id === id) uiStore.setState({ notice: null });
  },
};
