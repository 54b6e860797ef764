import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunnerArgs } from './args';
import { controlPlanePlan, demoUrls, workloadPlan } from './plan';
import { renderTable } from './status-table';
import { loadWorkloads } from './workloads';

describe('local-mesh runner', () => {
  it('defaults to deploy/local and resolves paths against the working directory', () => {
    const args = parseRunnerArgs(['--status-json', 's.json'], '/repo');
    expect(args).toMatchObject({ configDir: '/repo/deploy/local/config', workloadsFile: '/repo/deploy/local/workloads.yaml', statusJson: '/repo/s.json', stateDir: '/repo/.tsmesh/local' });
    expect(() => parseRunnerArgs(['--bogus'])).toThrow(/bogus/);
  });

  it('loads the demo workloads and names a bad field', async () => {
    const bookinfo = await loadWorkloads(join(__dirname, '../../../deploy/local/workloads.yaml'));
    expect(bookinfo.map((w) => w.name)).toEqual(['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings-v1', 'istio-ingressgateway', 'istio-egressgateway']);
    expect(new Set(bookinfo.map((w) => w.podIp)).size).toBe(bookinfo.length);
    expect(demoUrls(bookinfo)).toEqual({ gateway: 'http://127.0.0.10:8080/productpage', sidecar: 'http://127.0.0.11:9080/productpage' });
    const dir = await mkdtemp(join(tmpdir(), 'lm-'));
    await writeFile(join(dir, 'w.yaml'), 'workloads:\n- {name: a, app: a, version: v1, namespace: d, serviceAccount: s, podIp: 10.0.0.1, appHost: 127.1.0.1, ports: [80]}\n');
    await expect(loadWorkloads(join(dir, 'w.yaml'))).rejects.toThrow(/workloads\[0\]\.podIp: must be a 127\.x\.y\.z address/);
    await writeFile(join(dir, 'g.yaml'), 'workloads:\n- {name: g, proxyType: router, namespace: istio-system, serviceAccount: s, podIp: 127.0.0.10, ports: [8080]}\n');
    await expect(loadWorkloads(join(dir, 'g.yaml'))).rejects.toThrow(/workloads\[0\]\.labels: a router needs its labels/);
  });

  it('wires every component to the ports of the ones before it', () => {
    const ports = { citadel: { grpc: 1, monitoring: 2 }, galley: { grpc: 3, validation: 12, monitoring: 4 }, pilot: { grpc: 5, http: 6, monitoring: 7 }, mixer: { grpc: 8, monitoring: 9 }, injector: { https: 10, monitoring: 11 } };
    const inputs = { node: 'node', distDir: '/d', stateDir: '/s', configDir: '/c', ports, tokenVerificationKey: '/s/k.pem' };
    const plan = controlPlanePlan(inputs);
    expect(plan.map((p) => p.name)).toEqual(['citadel', 'galley', 'pilot', 'mixer', 'injector']);
    expect(plan[2]?.args).toEqual(expect.arrayContaining(['--galley-address', '127.0.0.1:3']));
    const [app, sidecar] = workloadPlan(inputs, { name: 'w', proxyType: 'sidecar', app: 'reviews', version: 'v3', namespace: 'default', serviceAccount: 'sa', podIp: '127.0.0.12', appHost: '127.1.0.12', ports: [9080] }, '/t');
    expect(app?.args).toEqual(['/d/bookinfo/main.js', '--service', 'reviews', '--version', 'v3', '--host', '127.1.0.12', '--port', '9080']);
    expect(app?.env).toMatchObject({ HTTP_PROXY: 'http://127.0.0.12:15001' });
    // No --inbound-ports: the sidecar's listeners come from pilot (inbound 9080 → the app, virtual 15001).
    expect(sidecar?.args).not.toContain('--inbound-ports');
    expect(sidecar?.args).toEqual(expect.arrayContaining(['--app-host', '127.1.0.12', '--labels', 'app=reviews,version=v3']));
    expect(sidecar?.args).toEqual(expect.arrayContaining(['--pilot-address', '127.0.0.1:5', '--citadel-address', 'localhost:1', '--mixer-address', '127.0.0.1:8', '--token-file', '/t']));
    expect(sidecar?.monitoringUrl).toBe('http://127.0.0.12:15020');
    expect(sidecar?.args).not.toContain('--proxy-type');
  });

  it('runs a gateway as its proxy alone, in router mode, with the gateway labels', () => {
    const ports = { citadel: { grpc: 1, monitoring: 2 }, galley: { grpc: 3, validation: 12, monitoring: 4 }, pilot: { grpc: 5, http: 6, monitoring: 7 }, mixer: { grpc: 8, monitoring: 9 }, injector: { https: 10, monitoring: 11 } };
    const inputs = { node: 'node', distDir: '/d', stateDir: '/s', configDir: '/c', ports, tokenVerificationKey: '/s/k.pem' };
    const plans = workloadPlan(inputs, { name: 'istio-ingressgateway', proxyType: 'router', namespace: 'istio-system', serviceAccount: 'sa', podIp: '127.0.0.10', ports: [8080], labels: { istio: 'ingressgateway', app: 'istio-ingressgateway' } }, '/t');
    expect(plans.map((p) => p.name)).toEqual(['istio-ingressgateway/sidecar']);
    expect(plans[0]?.args).toEqual(expect.arrayContaining(['--proxy-type', 'router', '--namespace', 'istio-system', '--labels', 'istio=ingressgateway,app=istio-ingressgateway']));
    expect(plans[0]?.args).not.toContain('--app-host');
  });

  it('renders the status table', () => {
    const table = renderTable([{ component: 'pilot', pid: 42, ports: { grpc: 15010 }, healthy: true, connectedTo: ['galley'], logFile: 'x' }]);
    expect(table.split('\n')).toEqual(['COMPONENT  PID  PORTS       HEALTHY  CONNECTED-TO', 'pilot      42   grpc:15010  yes      galley']);
  });
});
