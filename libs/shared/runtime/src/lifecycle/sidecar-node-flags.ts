/**
 * Node flags the sidecar runs with wherever tsmesh launches it (its image's ENTRYPOINT, the
 * local mesh, the bench). V8's default young generation (16 MB semi-spaces on 64-bit) is sized
 * for heap-heavy servers. Measured on the sidecar at full load (CPU profiles, idle RSS):
 * 16 MB: GC 2.5 % of CPU, 117 MB idle; 4 MB: GC ~5 %, 110 MB; 2 MB: GC ~8 %, 107 MB.
 * 4 MB buys most of the memory for a little CPU; smaller costs more CPU than it saves memory.
 */
export const SIDECAR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=4'];
