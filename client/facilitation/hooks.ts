/** React bindings of the control session: components read facilitation state through these. */
import { createContext, useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { ColumnId } from '../../shared/model.ts';
import { timerRemainingMs } from '../../shared/timer.ts';
import type { CardGroup, ControlPeer, ControlSession, Facilitation, FacilitatorSettings, PersonalState, Person } from '../sync/controlSession.ts';
import { nextTickIn } from './timerFormat.ts';

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

export function useFacilitation(): Facilitation | null {
  const control = useControl();
  return useSyncExternalStore(control ? control.changed.subscribe : noop, () => control?.getFacilitation() ?? null);
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

export function useControlPeers(): ControlPeer[] {
  const control = useRequiredControl();
  return useSyncExternalStore(control.peersChanged.subscribe, control.getPeers);
}

export function usePersonal(): PersonalState | null {
  const control = useControl();
  return useSyncExternalStore(control ? control.personalChanged.subscribe : noop, () => control?.getPersonal() ?? null);
}

export function useGroups(): CardGroup[] {
  const control = useControl();
  return useSyncExternalStore(control ? control.curation.groupsChanged.subscribe : noop, () => control?.curation.getGroups() ?? NO_GROUPS);
}
const NO_GROUPS: CardGroup[] = [];

/** Columns this person may not write to now (the facilitator is never locked out). */
export function useLockedForMe(): ReadonlySet<ColumnId> {
  const control = useControl();
  const facilitation = useFacilitation();
  const key = control && !control.isFacilitator ? (facilitation?.lockedColumns ?? []).join() : '';
  return useMemo(() => new Set(key ? (key.split(',') as ColumnId[]) : []), [key]);
}

export interface TimerView {
  state: 'idle' | 'running' | 'paused';
  remainingMs: number;
  durationMs: number;
  /** Ran down to zero while running. */
  ended: boolean;
}

/**
 * The shared countdown, re-rendered when the shown second changes (aligned
 * to the server clock so every screen flips at the same moment).
 */
export function useTimer(): TimerView | null {
  const control = useControl();
  const facilitation = useFacilitation();
  useSyncExternalStore(control ? control.clockChanged.subscribe : noop, () => control?.getClockOffset() ?? 0);
  const [, tick] = useState(0);
  const timer = facilitation?.timer;
  const remaining = timer && control ? timerRemainingMs(timer, control.serverNow()) : 0;
  useEffect(() => {
    if (!timer || timer.state !== 'running' || remaining <= 0) return;
    const handle = setTimeout(() => tick((n) => n + 1), nextTickIn(remaining));
    return () => clearTimeout(handle);
  });
  if (!timer || !control) return null;
  return { state: timer.state, remainingMs: remaining, durationMs: timer.durationMs, ended: timer.state === 'running' && remaining <= 0 };
}
