import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Snapshot } from '@tsmesh/galley-source';
import { cleanup, makeTempDir } from '@tsmesh/shared-testing';
import pino from 'pino';
import type { KubeConnectionOptions } from './kube-config';
import { KubernetesSource } from './kubernetes-source';
import { FakeKubeApi } from './testing/fake-kube-api';

const SERVICES = '/api/v1/services';
const svc = (name: string) => ({ metadata: { name, namespace: 'demo' }, spec: { ports: [{ name: 'http', port: 80 }] } });

describe('KubernetesSource list paging and HTTPS', () => {
  let api: FakeKubeApi | undefined;
  let source: KubernetesSource | undefined;
  let last: Snapshot | undefined;
  const names = () => (last?.collections.get('k8s/core/v1/services')?.resources ?? []).map((r) => r.name).sort();
  const lists = () => (api?.requests ?? []).filter((r) => r.path === SERVICES && r.query.get('watch') !== 'true').map((r) => r.query);

  afterEach(async () => {
    await source?.stop();
    await api?.stop();
    source = api = last = undefined;
    await cleanup();
  });

  const start = async (connection: KubeConnectionOptions, listPageSize?: number) => {
    source = new KubernetesSource({
      ...connection,
      collections: ['k8s/core/v1/services'],
      debounceMs: 20,
      log: pino({ level: 'silent' }),
      backoff: { initialMs: 20, maxMs: 100 },
      ...(listPageSize !== undefined && { listPageSize }),
      onSnapshot: (snapshot) => (last = snapshot),
    });
    await source.start();
  };

  const seed = async (fake: FakeKubeApi, count: number) => {
    for (let i = 0; i < count; i++) await fake.change(SERVICES, 'ADDED', svc(`s${i}`));
  };

  it('lists page by page with limit and continue, and serves every page', async () => {
    api = new FakeKubeApi().serve(SERVICES, 'ServiceList');
    await api.start();
    await seed(api, 7);
    await start({ server: api.url, token: 't' }, 3);
    expect(names()).toEqual(['demo/s0', 'demo/s1', 'demo/s2', 'demo/s3', 'demo/s4', 'demo/s5', 'demo/s6']);
    const pages = lists();
    expect(pages.map((q) => q.get('limit'))).toEqual(['3', '3', '3']);
    expect(pages.map((q) => q.get('continue'))).toEqual([null, 'page-1', 'page-2']);
  });

  it('asks for pages of 500 by default', async () => {
    api = new FakeKubeApi().serve(SERVICES, 'ServiceList');
    await api.start();
    await seed(api, 2);
    await start({ server: api.url, token: 't' });
    expect(lists()[0]?.get('limit')).toBe('500');
    expect(names()).toEqual(['demo/s0', 'demo/s1']);
  });

  it('restarts with a full list when a continue token expired (410 Gone)', async () => {
    const fake = new FakeKubeApi().serve(SERVICES, 'ServiceList');
    api = fake;
    await fake.start();
    await seed(fake, 5);
    // The snapshot the first page came from is compacted away, and a service is added meanwhile.
    fake.afterListPage = () => {
      fake.afterListPage = undefined;
      fake.expireContinueTokens();
      void fake.change(SERVICES, 'ADDED', svc('late'), { silent: true });
    };
    await start({ server: fake.url, token: 't' }, 2);
    const pages = lists();
    expect(pages.map((q) => [q.get('limit'), q.get('continue')])).toEqual([['2', null], ['2', 'page-1'], [null, null]]);
    expect(names()).toEqual(['demo/late', 'demo/s0', 'demo/s1', 'demo/s2', 'demo/s3', 'demo/s4']);
  });

  it('connects with a kubeconfig using HTTPS, a CA and a client certificate', async () => {
    const dir = await makeTempDir('kube-tls-');
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '1', '-subj', '/CN=test-ca');
    const issue = (name: string, cn: string, ext: string) => {
      ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
      writeFileSync(join(dir, `${name}.ext`), ext);
      ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '1', '-extfile', `${name}.ext`);
    };
    issue('server', 'kube-apiserver', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
    issue('client', 'galley', 'extendedKeyUsage=clientAuth\n');
    const read = (f: string) => readFileSync(join(dir, f), 'utf8');
    api = new FakeKubeApi({ key: read('server.key'), cert: read('server.crt'), ca: read('ca.crt') }).serve(SERVICES, 'ServiceList');
    await api.start();
    await seed(api, 1);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1', 'kind: Config', 'current-context: test',
        'clusters:', `- name: test`, `  cluster: { server: "${api.url}", certificate-authority: "${join(dir, 'ca.crt')}" }`,
        'users:', `- name: galley`, `  user: { client-certificate: "${join(dir, 'client.crt')}", client-key: "${join(dir, 'client.key')}" }`,
        'contexts:', '- name: test', '  context: { cluster: test, user: galley }',
      ].join('\n'),
    );
    await start({ kubeconfig });
    expect(names()).toEqual(['demo/s0']);
    expect(api.requests[0]?.clientCertCn).toBe('galley');
    expect(api.url.startsWith('https://')).toBe(true);
  });
});
