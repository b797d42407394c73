// Node flags the server runs with (scripts/start.mjs; the bench starts its
// server the same way, tests/bench/fanout.ts).
//
// --max-semi-space-size=2: V8's young generation grows up to 2 × 16 MB under a
// steady allocation rate, and a sync server allocates short-lived buffers for
// every message: at 100 clients that was ~27 MB of the server's RSS for garbage
// (docs/BENCHMARKS.md, memory). With 2 MB semi-spaces the scavenges come more
// often but each is shorter (little survives a message), for ~0.5 % of a core.
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2'];
