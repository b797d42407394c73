/**
 * The facilitator's console settings are part of the control document: what
 * one facilitator device sets, another reads, a restart keeps, and a
 * participant's write never lands.
 */
import { describe, expect, it } from 'vitest';
import { readSettings, setAutoStartTimer, setVotingDefaults } from '../../shared/doc/facilitatorSettings.ts';
import { serverEachTest } from '../helpers/server.ts';
import { createBoard, trackClients, waitFor } from '../helpers/clients.ts';

const clients = trackClients();
const server = serverEachTest({}, clients);

describe('facilitator settings on the server', () => {
  it('shared by facilitator devices, kept across a restart, never written by a participant', async () => {
    const board = await createBoard(server.url);
    const phone = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    const laptop = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    const participant = clients.connect(server.url, board.id, board.secrets.participant, 'control');
    await Promise.all([phone.synced, laptop.synced, participant.synced]);

    setAutoStartTimer(phone.doc, true);
    setVotingDefaults(phone.doc, { votesPerPerson: 6, allowMultiple: true });
    await waitFor(() => readSettings(laptop.doc).autoStartTimer && readSettings(participant.doc).votesPerPerson === 6, 'settings on the other devices');

    // A participant's write is dropped: the facilitator's next change arrives, theirs never does.
    setAutoStartTimer(participant.doc, false);
    setVotingDefaults(participant.doc, { votesPerPerson: 1 });
    setVotingDefaults(laptop.doc, { allowMultiple: false });
    await waitFor(() => !readSettings(phone.doc).allowMultiple, 'the laptop’s change');
    const fresh = clients.connect(server.url, board.id, board.secrets.viewer, 'control');
    await fresh.synced;
    expect(readSettings(fresh.doc)).toEqual({ autoStartTimer: true, votesPerPerson: 6, allowMultiple: false, voteColumns: null });

    clients.destroyAll();
    await server.restart();
    const after = clients.connect(server.url, board.id, board.secrets.facilitator, 'control');
    await after.synced;
    expect(readSettings(after.doc)).toEqual({ autoStartTimer: true, votesPerPerson: 6, allowMultiple: false, voteColumns: null });
  });
});
