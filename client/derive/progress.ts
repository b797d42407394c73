/**
 * How far the room is, pure, in counts only ("3 of 5 have voted", "4 of 5
 * are done", "14 of 20 answered"): from the people online in the control room
 * (awareness) and the counts the server keeps. Never who voted for what.
 */
import type { Facilitation } from '../../shared/doc/control.ts';
import { activityKey } from '../../shared/doc/roomState.ts';
import type { ControlPeer } from '../sync/controlParts.ts';

export interface Progress {
  count: number;
  of: number;
}

export interface RoomProgress {
  /** Participants online now (each person once, however many tabs). */
  participants: number;
  /** Who said "I'm done" to the current activity. */
  done: Progress;
  /** While a voting round runs. */
  voted: Progress | null;
  /**
   * How many more people voted than participants are online now (0 when not):
   * someone voted and left, or joined under several names (each a new person
   * with a budget of their own). The facilitator is told; "x of y" never reads "6 of 5".
   */
  votersBeyondRoom: number;
  /** While a consent round runs (open or closed, until it ends). */
  answered: Progress | null;
}

type RoomFacilitation = Pick<Facilitation, 'phase' | 'voting' | 'privateWriting' | 'consent'>;

export function roomProgress(f: RoomFacilitation, peers: readonly Pick<ControlPeer, 'personId' | 'role' | 'done' | 'doneFor'>[]): RoomProgress {
  const activity = activityKey(f);
  const people = new Map<string, boolean>();
  for (const p of peers) if (p.role === 'participant') people.set(p.personId, (people.get(p.personId) ?? false) || (p.done && p.doneFor === activity));
  const participants = people.size;
  const done = [...people.values()].filter(Boolean).length;
  const voted = f.voting ? f.voting.voted ?? 0 : null;
  // People the facilitator answered for are in the room without a device: they count too.
  const answered = f.consent ? { count: f.consent.answered, of: Math.max(f.consent.answered, participants + f.consent.recordedForOthers) } : null;
  return {
    participants,
    done: { count: done, of: participants },
    voted: voted === null ? null : { count: voted, of: Math.max(voted, participants) },
    votersBeyondRoom: voted === null ? 0 : Math.max(0, voted - participants),
    answered,
  };
}

/**
 * How many answered on one commitment of the consent round, out of the same
 * room as the round's "x of y" (a round from before per-commitment counts
 * reads as its overall count).
 */
export function answeredOn(progress: RoomProgress, f: Pick<Facilitation, 'consent'>, commitment: string): Progress | null {
  if (!f.consent || !progress.answered) return null;
  const count = f.consent.byCommitment?.[commitment]?.answered ?? f.consent.answered;
  return { count, of: Math.max(count, progress.answered.of) };
}

/**
 * Whether the room is asked to say "I'm done" now: while private writing is
 * on, or while a timebox started in this phase runs (until it is reset); a
 * timebox left running from an earlier phase asks nothing here. A timer from
 * before the phase was recorded counts as this phase's.
 */
export function doneAsked(f: Pick<Facilitation, 'phase' | 'privateWriting' | 'timer'>): boolean {
  return f.privateWriting || (f.timer.state !== 'idle' && (f.timer.phase ?? f.phase) === f.phase);
}

/** The one count the wall shows beside the phase, or null. */
export type WallCount = { kind: 'voted'; progress: Progress } | { kind: 'done'; progress: Progress };

/**
 * The count that matters now, for the wall's header: during a vote, how many
 * have voted (not who is done); during a consent round none (the stage counts
 * the answers); otherwise who is done, only while that is asked
 * (`doneAsked`): from the start of private writing (the reveal waits for it),
 * and in a timebox once someone is done (a "0 of 20 are done" through every
 * timed phase tells the room nothing).
 */
export function wallCount(f: Pick<Facilitation, 'phase' | 'privateWriting' | 'timer' | 'consent'>, progress: Pick<RoomProgress, 'done' | 'voted'>): WallCount | null {
  if (progress.voted) return { kind: 'voted', progress: progress.voted };
  if (f.consent || !doneAsked(f)) return null;
  return f.privateWriting || progress.done.count > 0 ? { kind: 'done', progress: progress.done } : null;
}

/** "3 of 5". */
export function ofText(p: Progress): string {
  return `${p.count} of ${p.of}`;
}

/** A person as the console lists them: online now or not. */
export interface ListedPerson {
  id: string;
  name: string;
  role: string;
  joinedAt: number;
  online: boolean;
}

/**
 * The people to list, one row per person who is here or was: a name (with its
 * role) that is online is not listed again offline, and offline entries of one
 * name show once (the latest). A person joins afresh after a reset of the
 * participant link, after clearing the browser or on a second device, each
 * time as a new person with the same name; two different people of one name
 * online at once both show.
 */
export function listedPeople<P extends ListedPerson>(people: readonly P[]): P[] {
  const key = (p: P) => `${p.role}\u0000${p.name.trim().toLocaleLowerCase()}`;
  const online = new Set(people.filter((p) => p.online).map(key));
  const latestOffline = new Map<string, P>();
  for (const p of people) {
    if (p.online || online.has(key(p))) continue;
    const kept = latestOffline.get(key(p));
    if (!kept || p.joinedAt > kept.joinedAt) latestOffline.set(key(p), p);
  }
  const offline = new Set(latestOffline.values());
  return people.filter((p) => p.online || offline.has(p));
}

/**
 * The people a listed row stands for besides itself: the other joins under its
 * name and role that are not listed (offline, see `listedPeople`) — earlier
 * devices, joins from before a link reset, or someone joining again under the
 * same name to vote more than once. The console offers to remove them.
 */
export function otherJoins<P extends ListedPerson>(people: readonly P[], listed: readonly P[], row: P): P[] {
  const key = (p: P) => `${p.role}\u0000${p.name.trim().toLocaleLowerCase()}`;
  const shown = new Set(listed.map((p) => p.id));
  return people.filter((p) => p.id !== row.id && !shown.has(p.id) && key(p) === key(row));
}
