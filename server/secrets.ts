/**
 * Role secrets: 256-bit random, stored only as SHA-256 hashes (a fast hash is
 * right for high-entropy secrets), compared in constant time, never logged.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../shared/protocol.ts';
import type { BoardRecord } from './storage/types.ts';

export type RoleSecrets = Record<Role, string>;

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function newRoleSecrets(): { secrets: RoleSecrets; hashes: BoardRecord['secretHashes'] } {
  const secrets: RoleSecrets = { facilitator: newSecret(), participant: newSecret(), viewer: newSecret() };
  return {
    secrets,
    hashes: {
      facilitator: hashSecret(secrets.facilitator),
      participant: hashSecret(secrets.participant),
      viewer: hashSecret(secrets.viewer),
    },
  };
}

/** The role a secret grants on a board, or undefined. Compares against every role in constant time. */
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
