/**
 * `GET /healthz`: readiness for a proxy or orchestrator. 503 while shutting
 * down or while writes of board changes fail (nothing new can be stored, so
 * nothing new should be sent here); 200 otherwise. It also counts the writes
 * the server refused since it started, per role of the writer: a count that
 * keeps rising shows a client that keeps trying what its link may not do
 * (a viewer page that edits, an out-of-date app), without naming a board or
 * a person.
 */
import { ROLES, type Role } from '../../shared/protocol.ts';
import { sendJson } from './respond.ts';
import { route, type Route, type RouteContext } from './router.ts';

/** Websocket writes refused since the server started, by the writer's role. */
export class RefusedWrites {
  private readonly counts = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;

  /** Counts one refused write (SyncConnection's `onDroppedWrite`). */
  count(role: Role): void {
    this.counts[role]++;
  }

  byRole(): Record<Role, number> {
    return { ...this.counts };
  }
}

export interface HealthContext {
  /** False once the server is shutting down. */
  accepting(): boolean;
  writer: { readonly failing: boolean; readonly pendingCount: number };
  rooms: { readonly loadedCount: number; readonly connectionCount: number };
  refusedWrites: RefusedWrites;
}

export function healthRoutes(ctx: HealthContext): Route[] {
  const answer = ({ res }: RouteContext<Record<never, never>>) => {
    const failing = ctx.writer.failing;
    const ok = ctx.accepting() && !failing;
    sendJson(res, ok ? 200 : 503, {
      ok,
      storage: failing ? 'failing' : 'ok',
      boardsLoaded: ctx.rooms.loadedCount,
      connections: ctx.rooms.connectionCount,
      refusedWrites: ctx.refusedWrites.byRole(),
      ...(failing ? { pendingWrites: ctx.writer.pendingCount } : {}),
    });
  };
  return [route('GET', '/healthz', answer), route('HEAD', '/healthz', answer)];
}
