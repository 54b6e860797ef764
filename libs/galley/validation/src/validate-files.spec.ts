import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateFiles } from './validate-files';

const manifest = `apiVersion: config.istio.io/v1alpha2
kind: attributemanifest
metadata: {name: tenant, namespace: istio-system}
spec:
  attributes:
    tenant.id: {valueType: STRING}
    tenant.premium: {valueType: BOOL}
`;
const instanceAndRule = `apiVersion: config.istio.io/v1alpha2
kind: instance
metadata: {name: tenantcount, namespace: istio-system}
spec:
  compiledTemplate: metric
  params:
    value: "1"
    dimensions:
      tenant: tenant.id | "none"
---
apiVersion: config.istio.io/v1alpha2
kind: rule
metadata: {name: premium, namespace: istio-system}
spec:
  match: tenant.premium
  actions: [{handler: prom, instances: [tenantcount]}]
`;

describe('validateFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'galley-validate-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('checks expressions against the attributemanifests in any of the files given together', async () => {
    await writeFile(join(dir, 'manifest.yaml'), manifest);
    await writeFile(join(dir, 'telemetry.yaml'), instanceAndRule);
    const together = await validateFiles([join(dir, 'manifest.yaml'), join(dir, 'telemetry.yaml')]);
    expect(together.errors).toEqual([]);
    expect(together.valid).toBe(true);

    const alone = await validateFiles([join(dir, 'telemetry.yaml')]);
    expect(alone.valid).toBe(false);
    expect(alone.errors).toEqual([
      expect.stringMatching(/telemetry\.yaml:9: instance istio-system\/tenantcount: spec\.params\.dimensions\.tenant: unknown attribute 'tenant\.id'/),
      expect.stringMatching(/telemetry\.yaml:15: rule istio-system\/premium: spec\.match: column 1: unknown attribute 'tenant\.premium'/),
    ]);
  });
});
