import { validateSpec } from '../validate-spec';

const errorPaths = (spec: unknown, name = 'gw'): string[] =>
  validateSpec('Gateway', spec, { name, namespace: 'default' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('Gateway', () => {
  it('accepts HTTP with https redirect, HTTPS with certs or credentialName, and TLS passthrough', () => {
    const spec = {
      selector: { istio: 'ingressgateway' },
      servers: [
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'], tls: { httpsRedirect: true } },
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['ns/*.example.com'], tls: { mode: 'SIMPLE', serverCertificate: '/c', privateKey: '/k' } },
        { port: { number: 8443, name: 'https-sds', protocol: 'HTTPS' }, hosts: ['10.0.0.1'], tls: { mode: 'MUTUAL', credentialName: 'cred' } },
        { port: { number: 15443, name: 'tls', protocol: 'TLS' }, hosts: ['*.global'], tls: { mode: 'AUTO_PASSTHROUGH' } },
      ],
    };
    expect(errorPaths(spec)).toEqual([]);
  });

  it('reports server, port and TLS problems', () => {
    const spec = {
      servers: [
        { port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: [] },
        { port: { number: 70000, name: 'https', protocol: 'FTP' }, hosts: ['short'] },
        { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['a.com'], tls: { mode: 'SIMPLE' } },
        { port: { number: 31400, name: 'tcp', protocol: 'TCP' }, hosts: ['a.com'], tls: { mode: 'PASSTHROUGH' } },
        { hosts: ['a.com'] },
      ],
    };
    expect(errorPaths(spec, 'bad.name').sort()).toEqual(
      [
        'metadata.name',
        'spec.servers[0].hosts',
        'spec.servers[0].tls',
        'spec.servers[1].hosts[0]',
        'spec.servers[1].port.protocol',
        'spec.servers[1].port.number',
        'spec.servers[1].port.name',
        'spec.servers[2].tls.serverCertificate',
        'spec.servers[2].tls.privateKey',
        'spec.servers[2].tls',
        'spec.servers[3].tls',
        'spec.servers[4].port',
      ].sort(),
    );
    expect(errorPaths({})).toEqual(['spec.servers']);
  });
});
