/**
 * Node flags the sidecar runs with wherever tsmesh launches it (its image's ENTRYPOINT, the
 * local mesh, the bench). V8's default young generation (two 16 MB semi-spaces on 64-bit) is
 * sized for throughput-heavy servers; a proxy's per-request garbage is small and short-lived,
 * so 2 MB semi-spaces cost no measurable throughput and keep ~10 MB less resident per pod.
 */
export const SIDECAR_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
