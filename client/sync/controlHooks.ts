/** React bindings of the control session: components read facilitation state through these. */
import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import { peopleInWorkshop, workshopPhases } from '../../shared/doc/control.ts';
import type { ColumnId } from '../../shared/model.ts';
import { Limits } from '../../shared/protocol.ts';
import { SessionContext } from './hooks.ts';
import type { CardGroup, ControlPeer, ControlSession, Facilitation, FacilitatorSettings, PersonalState, Person } from './controlSession.ts';

export const ControlContext = createContext<ControlSession | null>(null);

const noop = () => () => {};

/** The control session, or null outside a workshop (tests, review pages). */
export function useControl(): ControlSession | null {
  return useContext(ControlContext);
}

export function useRequiredControl(): ControlSession {
  const control = useControl();
  if (!control) throw new Error('useRequiredControl outside a workshop');
  return control;
}

/**
 * The workshop's facilitation state, as this board steps through it: on a
 * portfolio, `phaseOrder` holds only the portfolio's phases (workshopPhases)
 * and a phase outside them reads as the first. Writing a phase order goes
 * through `control.getFacilitation()`, which has every phase (PhaseSection).
 */
export function useFacilitation(): Facilitation | null {
  const control = useControl();
  const session = useContext(SessionContext);
  const kind = useSyncExternalStore(session ? session.boardChanged.subscribe : noop, () => session?.getBoard().board.kind);
  const facilitation = useSyncExternalStore(control ? control.changed.subscribe : noop, () => control?.getFacilitation() ?? null);
  return useMemo(() => {
    if (!facilitation || kind !== 'portfolio') return facilitation;
    const phaseOrder = workshopPhases(facilitation.phaseOrder, kind);
    return { ...facilitation, phaseOrder, phase: phaseOrder.includes(facilitation.phase) ? facilitation.phase : phaseOrder[0]! };
  }, [facilitation, kind]);
}

/** The facilitator's console settings from the control document (shared by every facilitator device). */
export function useFacilitatorSettings(): FacilitatorSettings {
  const control = useRequiredControl();
  return useSyncExternalStore(control.changed.subscribe, control.getSettings);
}

export function usePeople(): Person[] {
  const control = useRequiredControl();
  return useSyncExternalStore(control.changed.subscribe, control.getPeople);
}

/** Whether the workshop has `Limits.maxPeople`: nobody else can join as a person until the facilitator makes room. */
export function useWorkshopFull(): boolean {
  return peopleInWorkshop(usePeople()) >= Limits.maxPeople;
}

export function useControlPeers(): ControlPeer[] {
  const control = useRequiredControl();
  return useSyncExternalStore(control.peersChanged.subscribe, control.getPeers);
}

export function usePersonal(): PersonalState | null {
  const control = useControl();
  return useSyncExternalStore(control ? control.mine.changed.subscribe : noop, () => control?.mine.get() ?? null);
}

export function useGroups(): CardGroup[] {
  const control = useControl();
  return useSyncExternalStore(control ? control.curation.groupsChanged.subscribe : noop, () => control?.curation.getGroups() ?? NO_GROUPS);
}
const NO_GROUPS: CardGroup[] = [];

/**
 * Whether the spotlight is on this card or column, and whether a card is in a
 * cluster: booleans, so what shows them (the card's and the column's outline)
 * re-renders only when they change.
 */
export function useSpotlit(kind: 'card' | 'column', id: string): boolean {
  const control = useControl();
  return useSyncExternalStore(control ? control.changed.subscribe : noop, () => {
    const spotlight = control?.getFacilitation().spotlight;
    return spotlight?.kind === kind && spotlight.id === id;
  });
}

export function useInGroup(cardId: string): boolean {
  const control = useControl();
  return useSyncExternalStore(control ? control.curation.groupsChanged.subscribe : noop, () => !!control?.curation.getGroups().some((g) => g.cards.includes(cardId)));
}

/** Columns this person may not write to now (the facilitator is never locked out). */
export function useLockedForMe(): ReadonlySet<ColumnId> {
  const control = useControl();
  const facilitation = useFacilitation();
  const key = control && !control.isFacilitator ? (facilitation?.lockedColumns ?? []).join() : '';
  return useMemo(() => new Set(key ? (key.split(',') as ColumnId[]) : []), [key]);
}
