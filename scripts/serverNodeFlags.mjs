// How the server process runs (scripts/start.mjs; the bench starts its server
// the same way, tests/bench/fanout.ts): memory settings for a long-running
// server that holds many small sockets and documents.
//
// --max-semi-space-size=2: V8's young generation grows up to 2 × 16 MB under a
// steady allocation rate, and a sync server allocates short-lived buffers for
// every message: at 100 clients that was ~27 MB of the server's RSS for garbage
// (docs/BENCHMARKS.md, memory). With 2 MB semi-spaces the scavenges come more
// often but each is shorter (little survives a message), for ~0.5 % of a core.
//
// --v8-pool-size=1: V8's background threads (concurrent marking, compiling)
// default to one per core; each keeps its own allocation arenas and stacks. One
// is enough for a heap of tens of MB: at 100 clients it saved ~5 MB of RSS and
// used less CPU per message, not more (parallel GC work has overhead of its own).
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--v8-pool-size=1'];

/**
 * The server's environment: MALLOC_ARENA_MAX=2 unless set. glibc gives each
 * thread that contends for malloc an arena of its own, and the server has the
 * libuv pool (SQLite's fsyncs, file reads) and V8's threads besides the main
 * one; the touched pages of every arena stay resident. Two arenas saved ~9 MB
 * of RSS at 100 clients with no measurable CPU cost. (A no-op outside glibc.)
 */
export function serverEnv(env) {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' };
}
