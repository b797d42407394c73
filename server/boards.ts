/**
 * Boards: creation (blank, worked example, or imported board JSON), lookup and
 * role resolution. Board ids are random and URL-safe; the four role secrets
 * are returned once, at creation, and stored only as hashes.
 */
import { randomId } from '../shared/ids.ts';
import { BUILD_ORIGIN, buildDocUpdate, initBoard, importBoardJson, type Doc } from '../shared/doc/index.ts';
import { buildExampleBoard } from '../shared/exampleBoard.ts';
import type { BoardJson } from '../shared/schema.ts';
import type { Direction } from '../shared/model.ts';
import { isBoardId, roomName, type Role } from '../shared/protocol.ts';
import { matchesHash, newRoleSecrets, roleForSecret, type BoardSecrets, type ExtraHashes } from './secrets.ts';
import { sealedInvitesUpdate } from './invites.ts';
import type { BoardRecord, BoardRecords, HistorySnapshots } from './storage/types.ts';

export interface CreatedBoard {
  id: string;
  title: string;
  secrets: BoardSecrets;
}

/**
 * What a secret gives on a board: a role, and for the projector secret the
 * viewer role with one more read (`projector`: the join code on the wall).
 */
export interface BoardAccess {
  record: BoardRecord;
  role: Role;
  projector?: true;
}

export class BoardService {
  /** `extraHashes` reads a board's reviewer and projector secret hashes (kept in its private document, see invites.ts). */
  constructor(
    private readonly storage: BoardRecords & Pick<HistorySnapshots, 'putSnapshot'>,
    private readonly extraHashes: (boardId: string) => Promise<ExtraHashes> = async () => ({}),
  ) {}

  /** Creates a board from a title (blank or the worked example). */
  async createFromTitle(title: string, options: { direction?: Direction; example?: boolean } = {}): Promise<CreatedBoard> {
    const update = buildDocUpdate((doc) => {
      initBoard(doc, { title, ...(options.direction ? { direction: options.direction } : {}) }, BUILD_ORIGIN);
      if (options.example) buildExampleBoard(doc);
    });
    return this.store(title, update);
  }

  /** Creates a board (or a portfolio) whose content document `build` fills: the portfolio service's boards. */
  async createBuilt(title: string, build: (doc: Doc) => void): Promise<CreatedBoard> {
    return this.store(title, buildDocUpdate(build));
  }

  /** Creates a new board (new id and secrets) from validated board JSON, keeping entity ids. */
  async createFromJson(json: BoardJson): Promise<CreatedBoard> {
    return this.store(json.board.title, importBoardJson(json));
  }

  private async store(title: string, update: Uint8Array): Promise<CreatedBoard> {
    const id = randomId(16);
    const { secrets, hashes, extraHashes } = newRoleSecrets();
    const record: BoardRecord = { id, title, createdAt: Date.now(), secretHashes: hashes };
    await this.storage.createBoard(record, [
      { docName: roomName(id, 'content'), update },
      { docName: roomName(id, 'private'), update: sealedInvitesUpdate(id, secrets, extraHashes) },
    ]);
    // The first version in its history: even a board emptied in its first minutes is one restore away.
    await this.storage.putSnapshot(id, { id: randomId(12), at: record.createdAt, reason: 'created', phase: 'frame', label: 'Board created', state: update });
    return { id, title, secrets };
  }

  async get(id: string): Promise<BoardRecord | undefined> {
    if (!isBoardId(id)) return undefined;
    return this.storage.getBoard(id);
  }

  /**
   * Resolves a secret to a role on a board: 'not-found', 'unauthorized' or the
   * role. The projector secret resolves to the viewer role, marked `projector`:
   * it reads exactly what a viewer reads, and every rule for viewers binds it.
   */
  async authorize(id: string, secret: string | undefined | null): Promise<BoardAccess | 'not-found' | 'unauthorized'> {
    const record = await this.get(id);
    if (!record) return 'not-found';
    const role = roleForSecret(record, secret);
    if (role) return { record, role };
    if (!secret) return 'unauthorized';
    const extra = await this.extraHashes(id);
    if (matchesHash(secret, extra.reviewer)) return { record, role: 'reviewer' };
    if (matchesHash(secret, extra.projector)) return { record, role: 'viewer', projector: true };
    return 'unauthorized';
  }
}
