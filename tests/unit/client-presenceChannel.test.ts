/**
 * The local presence stays readable after the board's session ends: a page
 * that renders once more after a refused link (the session destroyed) read
 * `getLocal().user` as null and the whole page went blank.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { PresenceChannel } from '../../client/sync/presenceChannel.ts';

describe('PresenceChannel after its session ends', () => {
  it('still answers the local person after destroy, and publishes nothing more', () => {
    const awareness = new Awareness(new Y.Doc());
    const channel = new PresenceChannel(awareness, { name: 'Ana', role: 'participant' });
    channel.setName('Ana B');
    channel.destroy();
    expect(awareness.getLocalState()).toBeNull();
    expect(channel.getLocal().user.name).toBe('Ana B');
    channel.setDrag(null);
    channel.setEditing('card-1');
    expect(awareness.getLocalState()).toBeNull();
    expect(channel.getLocal().editing).toBe('card-1');
  });

  it('still answers the local person when the awareness itself was destroyed first', () => {
    const awareness = new Awareness(new Y.Doc());
    const channel = new PresenceChannel(awareness, { name: 'Ben', role: 'facilitator' });
    awareness.destroy();
    expect(channel.getLocal().user).toMatchObject({ name: 'Ben', role: 'facilitator' });
  });
});
