/**
 * Role secrets: 256-bit random, stored only as SHA-256 hashes (a fast hash is
 * right for high-entropy secrets), compared in constant time, never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../shared/protocol.ts';
import type { BoardRecord } from './storage/types.ts';

type RoleSecrets = Record<Role, string>;

/**
 * The secrets a new board answers with: every role's, and the projector's (a
 * viewer that may also read the join code the facilitator shows on the wall).
 */
export type BoardSecrets = RoleSecrets & { projector: string };

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Fresh secrets for a new board. The board record keeps the hashes of
 * the three core roles; the reviewer's and the projector's hashes live in
 * the board's private document (see invites.ts), so boards made before those
 * existed can get them.
 */
export function newRoleSecrets(): { secrets: BoardSecrets; hashes: BoardRecord['secretHashes']; extraHashes: Required<ExtraHashes> } {
  const secrets: BoardSecrets = { facilitator: newSecret(), participant: newSecret(), viewer: newSecret(), reviewer: newSecret(), projector: newSecret() };
  return {
    secrets,
    hashes: {
      facilitator: hashSecret(secrets.facilitator),
      participant: hashSecret(secrets.participant),
      viewer: hashSecret(secrets.viewer),
    },
    extraHashes: { reviewer: hashSecret(secrets.reviewer), projector: hashSecret(secrets.projector) },
  };
}

/** The hashes of the secrets kept in a board's private document rather than its record. */
export interface ExtraHashes {
  reviewer?: string;
  projector?: string;
}

/** Whether `secret` hashes to `storedHash` (constant-time compare). */
export function matchesHash(secret: string | undefined | null, storedHash: string | undefined): boolean {
  if (!secret || !storedHash || secret.length > 200) return false;
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === given.length && timingSafeEqual(stored, given);
}

/**
 * The role a board record's secrets grant (facilitator, participant, viewer),
 * or undefined. Compares against every role in constant time.
 */
export function roleForSecret(record: BoardRecord, secret: string | undefined | null): Role | undefined {
  if (!secret || secret.length > 200) return undefined;
  const given = Buffer.from(hashSecret(secret), 'hex');
  let found: Role | undefined;
  for (const role of ['facilitator', 'participant', 'viewer'] as const) {
    const stored = Buffer.from(record.secretHashes[role], 'hex');
    if (stored.length === given.length && timingSafeEqual(stored, given)) found = role;
  }
  return found;
}
