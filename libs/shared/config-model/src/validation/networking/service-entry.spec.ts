import { validateSpec } from '../validate-spec';

const errorPaths = (spec: unknown): string[] =>
  validateSpec('ServiceEntry', spec, { name: 'se', namespace: 'default' }).filter((i) => i.severity === 'error').map((i) => i.path);

describe('ServiceEntry', () => {
  it('accepts DNS, STATIC (incl. unix) and NONE entries', () => {
    const ports = [{ number: 443, name: 'https', protocol: 'HTTPS' }];
    expect(errorPaths({ hosts: ['www.googleapis.com'], ports, location: 'MESH_EXTERNAL', resolution: 'DNS' })).toEqual([]);
    expect(errorPaths({ hosts: ['*.example.com'], ports, resolution: 'NONE' })).toEqual([]);
    const endpoints = [{ address: '10.0.0.1', ports: { https: 8443 }, labels: { app: 'x' } }];
    expect(errorPaths({ hosts: ['db.internal'], addresses: ['10.1.0.0/16'], ports, resolution: 'STATIC', endpoints })).toEqual([]);
    const unix = [{ address: 'unix:///var/run/sock' }];
    expect(errorPaths({ hosts: ['uds.local'], ports, resolution: 'STATIC', endpoints: unix })).toEqual([]);
    expect(errorPaths({ hosts: ['a.com'], ports, resolution: 'DNS', endpoints: [{ address: 'b.com', ports: { https: 443 } }] })).toEqual([]);
  });

  it('enforces the resolution-specific endpoint rules', () => {
    const ports = [
      { number: 80, name: 'http', protocol: 'HTTP' },
      { number: 80, name: 'http', protocol: 'MQTT' },
      { number: 0, name: 'Bad_Name', protocol: 'TCP' },
    ];
    expect(errorPaths({ hosts: ['*.wild.com', 'b.com'], ports, resolution: 'DNS', addresses: ['10.0.0.0/8'] }).sort()).toEqual(
      [
        'spec.resolution',
        'spec.ports[1].name',
        'spec.ports[1].number',
        'spec.ports[1].protocol',
        'spec.ports[2].name',
        'spec.ports[2].number',
        'spec.hosts[0]',
        'spec.hosts',
      ].sort(),
    );
    expect(errorPaths({ hosts: ['*'], resolution: 'NONE', endpoints: [{ address: '1.1.1.1' }] })).toEqual(['spec.hosts[0]', 'spec.endpoints']);
    expect(errorPaths({ hosts: ['a.com'], resolution: 'STATIC' })).toEqual(['spec.endpoints']);
    const endpoints = [{ address: 'not-an-ip', ports: { grpc: 9000 } }];
    expect(errorPaths({ hosts: ['a.com'], resolution: 'STATIC', endpoints })).toEqual(['spec.endpoints[0].address', 'spec.endpoints[0].ports.grpc']);
  });
});
