/**
 * UI-only state of the board page, in one vanilla zustand store: selection,
 * viewport, the view shown, open panels, the drag in progress, notices.
 * Nothing here is shared with other people; `resetUi()` restores it for tests.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { ColumnId } from '../../shared/model.ts';
import type { Viewport } from '../board/geometry.ts';

export type BoardView = 'board' | 'table' | 'outline';

export interface DragPreview {
  cardId: string;
  /** Card ids per column as they look during the drag (the card moves between lists). */
  columns: Record<ColumnId, string[]>;
}

export interface Notice {
  id: number;
  message: string;
  /** Offers an Undo button when set. */
  undoable: boolean;
}

export interface UiState {
  view: BoardView;
  selectedCardId: string | null;
  /** The card whose details (fields and links) are open in the side panel. */
  panelCardId: string | null;
  sharePanelOpen: boolean;
  viewport: Viewport;
  drag: DragPreview | null;
  notice: Notice | null;
  /** A card whose text field should take focus once it is on screen (just added). */
  focusCardId: string | null;
  /** Facilitator: the facilitation console is open. */
  consoleOpen: boolean;
  /** This person's view follows the facilitator's while follow-me is on (false: they stopped following). */
  following: boolean;
}

const initialState: UiState = {
  view: 'board',
  selectedCardId: null,
  panelCardId: null,
  sharePanelOpen: false,
  viewport: { x: 0, y: 0, zoom: 1 },
  drag: null,
  notice: null,
  focusCardId: null,
  consoleOpen: false,
  following: true,
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
  openPanel: (cardId: string) => uiStore.setState({ panelCardId: cardId, selectedCardId: cardId, sharePanelOpen: false }),
  closePanel: () => uiStore.setState({ panelCardId: null }),
  setShareOpen: (sharePanelOpen: boolean) => uiStore.setState(sharePanelOpen ? { sharePanelOpen, panelCardId: null } : { sharePanelOpen }),
  setViewport: (viewport: Viewport) => uiStore.setState({ viewport }),
  setDrag: (drag: DragPreview | null) => uiStore.setState({ drag }),
  requestFocus: (focusCardId: string | null) => uiStore.setState({ focusCardId }),
  setConsoleOpen: (consoleOpen: boolean) => uiStore.setState({ consoleOpen }),
  setFollowing: (following: boolean) => uiStore.setState({ following }),
  notify: (message: string, undoable = false) => uiStore.setState({ notice: { id: ++noticeId, message, undoable } }),
  dismissNotice: (id: number) => {
    if (uiStore.getState().notice?.id === id) uiStore.setState({ notice: null });
  },
};
