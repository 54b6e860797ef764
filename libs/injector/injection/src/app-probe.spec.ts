import { applyConcurrency, extractConcurrency } from './concurrency';
import { convertAppProber, dumpAppProbers, extractStatusPort, shouldRewriteAppHTTPProbers } from './app-probe';
import type { SidecarSpec } from './sidecar-spec';

const sidecar = (rewrite: boolean): SidecarSpec => ({ rewriteAppHTTPProbe: rewrite, initContainers: [], containers: [], volumes: [], imagePullSecrets: [] });

describe('app probe rewriting', () => {
  it('lets a parseable annotation override the template setting', () => {
    expect(shouldRewriteAppHTTPProbers(undefined, sidecar(true))).toBe(true);
    expect(shouldRewriteAppHTTPProbers({ 'sidecar.istio.io/rewriteAppHTTPProbers': 'false' }, sidecar(true))).toBe(false);
    expect(shouldRewriteAppHTTPProbers({ 'sidecar.istio.io/rewriteAppHTTPProbers': 'T' }, sidecar(false))).toBe(true);
    expect(shouldRewriteAppHTTPProbers({ 'sidecar.istio.io/rewriteAppHTTPProbers': 'maybe' }, sidecar(true))).toBe(true);
  });

  it('reads the status port from either flag form', () => {
    expect(extractStatusPort({ name: 'p', args: ['--statusPort', '15020'] })).toBe(15020);
    expect(extractStatusPort({ name: 'p', args: ['-statusPort=123'] })).toBe(123);
    expect(extractStatusPort({ name: 'p', args: ['--statusPort'] })).toBeUndefined();
    expect(extractStatusPort({ name: 'p', args: [] })).toBeUndefined();
  });

  it('dumps HTTP probes with named ports resolved, in Go JSON order', () => {
    const probers = dumpAppProbers([
      {
        name: 'web',
        ports: [{ name: 'http', containerPort: 8080 }],
        livenessProbe: { httpGet: { port: 'http', path: '/live', scheme: 'HTTPS', host: 'h' } },
        readinessProbe: { httpGet: { port: 'missing' } },
      },
      { name: 'istio-proxy', readinessProbe: { httpGet: { port: 15020 } } },
    ]);
    expect(probers).toBe('{"/app-health/web/livez":{"path":"/live","port":8080,"host":"h","scheme":"HTTPS"}}');
  });

  it('points a probe at the agent and downgrades HTTPS', () => {
    expect(convertAppProber({ httpGet: { port: 8443, path: '/x', scheme: 'HTTPS' } }, '/app-health/web/readyz', 15020)).toEqual({
      path: '/app-health/web/readyz',
      port: 15020,
      scheme: 'HTTP',
    });
    expect(convertAppProber({ exec: { command: ['true'] } }, '/p', 1)).toBeUndefined();
  });
});

describe('proxy concurrency', () => {
  it('keeps an explicit --concurrency and otherwise derives it from the CPU limit, then request', () => {
    expect(extractConcurrency(['--concurrency', '4'])).toBe(4);
    expect(extractConcurrency(['--concurrency=3'])).toBe(3);
    const proxy = { name: 'istio-proxy', args: ['proxy'], resources: { limits: { cpu: '1500m' }, requests: { cpu: '100m' } } };
    expect(applyConcurrency([proxy])[0]?.args).toEqual(['proxy', '--concurrency', '2']);
    expect(applyConcurrency([{ ...proxy, resources: { requests: { cpu: '100m' } } }])[0]?.args).toEqual(['proxy', '--concurrency', '1']);
    expect(applyConcurrency([{ ...proxy, args: ['--concurrency', '8'] }])[0]?.args).toEqual(['--concurrency', '8']);
    expect(applyConcurrency([{ name: 'other', args: [] }])[0]?.args).toEqual([]);
  });
});
