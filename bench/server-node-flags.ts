/**
 * The Node flags the signalling server runs with (package.json "start" and "serve" pass the same; keep them in
 * step). `--max-semi-space-size=32` (MiB) lets V8's young generation grow to 32 MiB per semi-space instead of 16:
 * the relay allocates a few KB per frame that die at once, and with the default size enough of them were caught
 * alive by a scavenge and promoted that a mark-compact ran every ~1.3 s at 5,000 frames/s, its pauses setting the
 * p99 (docs/server.md "Measured"). The benchmarks give the baseline relays the same flags, so the comparison is
 * of the code, not of the runtime settings.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=32'];
