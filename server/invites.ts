/**
 * Getting people in without storing any secret in the clear:
 * - Invite links: at creation the participant, viewer, reviewer and projector
 *   secrets are sealed (AES-256-GCM) under a key derived (HKDF) from the
 *   facilitator secret, so the facilitator can see the invite links on any
 *   device, and nobody else can. The reviewer's and the projector's hashes are
 *   kept beside them (the board record holds CONTRACT.md's three roles'), and a
 *   board made before either existed gets it when the facilitator next opens
 *   the invites.
 * - Join codes: 8 Crockford base32 characters (40 bits), valid 24 h, one per
 *   board. The record is keyed by the code's hash and holds the participant
 *   secret sealed under a key derived from the code with scrypt; redeeming is
 *   rate-limited per client so the code space cannot be walked.
 * - Projector codes: the same, for the projector link (`/b/<id>/present` with
 *   the projector secret), so a room PC opens the wall by typing a short code.
 * - The join code on the projector: the wall shows the current join code (and
 *   the QR code of the participant link) to the room. The projector holds its
 *   own secret, which reads like a viewer's and, in addition, this: the code
 *   and the participant secret it stands for, kept sealed under a key derived
 *   from the projector secret (never in the clear) while the facilitator shows
 *   the code. The projector learns nothing the code on the wall does not
 *   already give. The viewer secret does not read it: the viewer link is also
 *   what stakeholders get for async review, and must not turn into a
 *   participant link while the workshop runs.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, randomInt, scryptSync } from 'node:crypto';
import { readFacilitation } from '../shared/doc/control.ts';
import { readCode, replaceCode, type CodeKind } from '../shared/doc/joinCodes.ts';
import { newPrivateDocUpdate, readInvites, writeInvites, type StoredInvites } from '../shared/doc/private.ts';
import type { Doc } from '../shared/doc/index.ts';
import { SERVER_ORIGIN } from '../shared/doc/origin.ts';
import { JOIN_CODES_DOC, roomAddress } from '../shared/protocol.ts';
import type { RoomRegistry } from './sync/rooms.ts';
import { hashSecret, newSecret, type ExtraHashes } from './secrets.ts';

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32
const JOIN_CODE_LENGTH = 8;
const JOIN_CODE_TTL_MS = 24 * 60 * 60 * 1000;

function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(key: Buffer, sealed: string): string | undefined {
  try {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

function inviteKey(boardId: string, facilitatorSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', facilitatorSecret, boardId, 'vcp-board invites v1', 32));
}

/** Invite secrets sealed for the board's facilitator (what the private document keeps under `invites.sealed`). */
export function sealInvites(boardId: string, facilitatorSecret: string, secrets: Partial<InviteSecrets>): string {
  return seal(inviteKey(boardId, facilitatorSecret), JSON.stringify(secrets));
}

function codeKey(code: string, salt: Buffer): Buffer {
  return scryptSync(code, salt, 32, { N: 1 << 14, r: 8, p: 1 });
}

const codeHash = (code: string) => createHash('sha256').update(`vcp-join:${code}`).digest('hex');
/** Per kind: where the current code sealed for the facilitator is kept. */
const SEALED_CODE: Record<CodeKind, 'code' | 'presentCode'> = { join: 'code', present: 'presentCode' };

function projectorKey(boardId: string, projectorSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', projectorSecret, boardId, 'vcp-board join code for the projector v2', 32));
}

/** The invite secrets the facilitator can see again (every role's but their own, and the projector's). */
export interface InviteSecrets {
  participant: string;
  viewer: string;
  reviewer: string;
  projector: string;
}

/**
 * The initial private-document update of a new board: its sealed invite
 * secrets, and the hashes of the reviewer and projector secrets (the board
 * record holds the hashes of CONTRACT.md's three roles).
 */
export function sealedInvitesUpdate(boardId: string, secrets: InviteSecrets & { facilitator: string }, hashes: Required<ExtraHashes>): Uint8Array {
  const { participant, viewer, reviewer, projector } = secrets;
  return newPrivateDocUpdate({
    sealed: sealInvites(boardId, secrets.facilitator, { participant, viewer, reviewer, projector }),
    reviewerHash: hashes.reviewer,
    projectorHash: hashes.projector,
  });
}

/** Normalises a typed code: upper case, no separators, Crockford's look-alikes mapped. */
function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

export class Invites {
  constructor(private readonly rooms: RoomRegistry) {}

  /** Reviewer and projector secrets being issued to boards made before they existed (one at a time per board). */
  private readonly issuing = new Map<string, Promise<InviteSecrets | undefined>>();

  /**
   * The invite secrets, for the facilitator (whose secret unseals them). A board
   * made before the reviewer role or the projector secret gets what it lacks
   * now: the facilitator is the only one who can seal it for later.
   */
  async open(boardId: string, facilitatorSecret: string): Promise<InviteSecrets | undefined> {
    const opened = await this.unseal(boardId, facilitatorSecret);
    if (!opened || (opened.reviewer && opened.projector)) return opened as InviteSecrets | undefined;
    let issuing = this.issuing.get(boardId);
    if (!issuing) {
      issuing = this.issueMissing(boardId, facilitatorSecret).finally(() => this.issuing.delete(boardId));
      this.issuing.set(boardId, issuing);
    }
    return issuing;
  }

  /** The hashes of the board's reviewer and projector secrets, where it has them. */
  async extraHashes(boardId: string): Promise<ExtraHashes> {
    const { reviewerHash, projectorHash } = await this.invites(boardId);
    return { ...(reviewerHash !== undefined ? { reviewer: reviewerHash } : {}), ...(projectorHash !== undefined ? { projector: projectorHash } : {}) };
  }

  /** What the board's private document keeps of its invites. */
  private invites(boardId: string): Promise<StoredInvites> {
    return this.rooms.with(roomAddress(boardId, 'private'), (priv) => readInvites(priv.doc));
  }

  private async unseal(boardId: string, facilitatorSecret: string): Promise<Partial<InviteSecrets> | undefined> {
    const { sealed } = await this.invites(boardId);
    if (sealed === undefined) return undefined;
    const text = open(inviteKey(boardId, facilitatorSecret), sealed);
    return text ? (JSON.parse(text) as Partial<InviteSecrets>) : undefined;
  }

  private async issueMissing(boardId: string, facilitatorSecret: string): Promise<InviteSecrets | undefined> {
    const current = await this.unseal(boardId, facilitatorSecret);
    if (!current?.participant || !current.viewer) return undefined;
    if (current.reviewer && current.projector) return current as InviteSecrets;
    const secrets: InviteSecrets = {
      participant: current.participant, viewer: current.viewer, reviewer: current.reviewer ?? newSecret(), projector: current.projector ?? newSecret(),
    };
    await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      writeInvites(priv.doc, {
        sealed: sealInvites(boardId, facilitatorSecret, secrets),
        ...(current.reviewer ? {} : { reviewerHash: hashSecret(secrets.reviewer) }),
        ...(current.projector ? {} : { projectorHash: hashSecret(secrets.projector) }),
      });
      await priv.whenDurable();
    });
    return secrets;
  }

  /**
   * Seals the invites again with a new secret for one link (a reset link: see
   * ../linkReset.ts), with the hash of a reviewer's or projector's secret
   * beside them (the board record keeps the participant's and the viewer's),
   * in one transaction with `alsoInPrivate` (what else the reset changes in
   * the private document). Undefined if the board has no invites this
   * facilitator secret opens.
   */
  async replace(
    boardId: string, facilitatorSecret: string, link: keyof InviteSecrets, secret: string, alsoInPrivate: (doc: Doc) => void = () => {},
  ): Promise<InviteSecrets | undefined> {
    const current = await this.open(boardId, facilitatorSecret);
    if (!current) return undefined;
    const secrets: InviteSecrets = { ...current, [link]: secret };
    await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      priv.doc.transact(() => {
        writeInvites(priv.doc, {
          sealed: sealInvites(boardId, facilitatorSecret, secrets),
          ...(link === 'reviewer' ? { reviewerHash: hashSecret(secret) } : link === 'projector' ? { projectorHash: hashSecret(secret) } : {}),
        });
        alsoInPrivate(priv.doc);
      }, SERVER_ORIGIN);
      await priv.whenDurable();
    });
    return secrets;
  }

  /** Whether the board has a code of a kind on record (it may have expired). */
  async hasCode(boardId: string, kind: CodeKind = 'join'): Promise<boolean> {
    return (await this.invites(boardId))[SEALED_CODE[kind]] !== undefined;
  }

  /**
   * The board's current code of a kind, or a new one when there is none, it
   * has expired, or `renew` is asked. The current code is kept sealed for the
   * facilitator, so the invite panel and the projector show the same code. A
   * join code is also sealed for the projector secret (see `codeForProjector`).
   */
  async currentCode(
    boardId: string, secret: string, facilitatorSecret: string,
    options: { renew?: boolean; now?: number; kind?: CodeKind; projectorSecret?: string } = {},
  ): Promise<{ code: string; expiresAt: string }> {
    const now = options.now ?? Date.now();
    const kind = options.kind ?? 'join';
    const key = inviteKey(boardId, facilitatorSecret);
    let current: { code: string; expiresAt: string } | undefined;
    if (!options.renew) {
      const sealed = (await this.invites(boardId))[SEALED_CODE[kind]];
      const text = sealed !== undefined ? open(key, sealed) : undefined;
      const kept = text ? (JSON.parse(text) as { code: string; expiresAt: number }) : undefined;
      if (kept && kept.expiresAt - now > 60 * 60 * 1000 && (await this.redeem(kept.code, now, kind))?.secret === secret) {
        current = { code: kept.code, expiresAt: new Date(kept.expiresAt).toISOString() };
      }
    }
    const created = current ?? (await this.createCode(boardId, secret, now, kind));
    const record = JSON.stringify({ code: created.code, expiresAt: Date.parse(created.expiresAt) });
    await this.rooms.with(roomAddress(boardId, 'private'), async (priv) => {
      const patch: StoredInvites = current ? {} : { [SEALED_CODE[kind]]: seal(key, record) };
      if (kind === 'join' && options.projectorSecret) {
        const key = projectorKey(boardId, options.projectorSecret);
        const forProjector = JSON.stringify({ code: created.code, expiresAt: Date.parse(created.expiresAt), secret });
        const kept = readInvites(priv.doc).projectorCode;
        const unchanged = kept !== undefined && open(key, kept) === forProjector;
        if (!unchanged) patch.projectorCode = seal(key, forProjector);
      }
      // Sealed for the viewer secret before the projector had its own: the viewer reads it no more.
      writeInvites(priv.doc, patch, { dropLegacy: true });
      await priv.whenDurable();
    });
    return created;
  }

  /**
   * The current join code as the projector (holding the projector secret) may
   * show it; undefined if there is none, it expired, or the facilitator hid it.
   */
  async codeForProjector(boardId: string, projectorSecret: string, now = Date.now()): Promise<{ code: string; expiresAt: string; secret: string } | undefined> {
    const hidden = await this.rooms.with(roomAddress(boardId, 'control'), (control) => readFacilitation(control.doc).joinCodeHidden);
    if (hidden) return undefined;
    const sealed = (await this.invites(boardId)).projectorCode;
    const text = sealed !== undefined ? open(projectorKey(boardId, projectorSecret), sealed) : undefined;
    const kept = text ? (JSON.parse(text) as { code: string; expiresAt: number; secret: string }) : undefined;
    // A code replaced meanwhile (renewed without the projector secret at hand) is not shown.
    if (!kept || kept.expiresAt <= now || (await this.redeem(kept.code, now))?.secret !== kept.secret) return undefined;
    return { code: kept.code, expiresAt: new Date(kept.expiresAt).toISOString(), secret: kept.secret };
  }

  /** Issues a new code of a kind for a board's secret (participant, or projector for `present`), replacing the board's previous one. */
  async createCode(boardId: string, secret: string, now = Date.now(), kind: CodeKind = 'join'): Promise<{ code: string; expiresAt: string }> {
    let code = '';
    for (let i = 0; i < JOIN_CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const salt = randomBytes(16);
    const expiresAt = now + JOIN_CODE_TTL_MS;
    const record = { boardId, salt: salt.toString('base64'), sealed: seal(codeKey(code, salt), secret), expiresAt, ...(kind === 'join' ? {} : { kind }) };
    await this.rooms.with(JOIN_CODES_DOC, async (room) => {
      replaceCode(room.doc, kind, codeHash(code), record, now);
      await room.whenDurable();
    });
    return { code, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The board and secret a code of a kind stands for, if it is valid and unexpired. */
  async redeem(input: string, now = Date.now(), kind: CodeKind = 'join'): Promise<{ boardId: string; secret: string } | undefined> {
    const code = normaliseCode(input);
    if (code.length !== JOIN_CODE_LENGTH) return undefined;
    const record = await this.rooms.with(JOIN_CODES_DOC, (room) => readCode(room.doc, codeHash(code)));
    if (!record || record.expiresAt <= now || (record.kind ?? 'join') !== kind) return undefined;
    const secret = open(codeKey(code, Buffer.from(record.salt, 'base64')), record.sealed);
    return secret ? { boardId: record.boardId, secret } : undefined;
  }
}
