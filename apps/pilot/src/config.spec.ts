import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MESH } from '@tsmesh/pilot-xds';
import { meshSettings } from './config';

describe('pilot mesh settings: defaults < mesh config file < explicit flags', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsmesh-pilot-mesh-'));
  const file = join(dir, 'mesh');
  writeFileSync(file, 'rootNamespace: file-root\nconnectTimeout: 10s\nenableTracing: false\nlocalityLbSetting: {failover: [{from: r1, to: r2}]}\n');
  const flags = { traceSampling: '1.0', localityLb: true };

  it('takes the file over the defaults', () => {
    const { mesh, file: read } = meshSettings({ ...flags, meshConfig: file, rootNamespace: undefined });
    expect(read).toBe(file);
    expect(mesh).toEqual({ ...DEFAULT_MESH, rootNamespace: 'file-root', connectTimeoutMs: 10_000, enableTracing: false, localityLbSetting: { failover: [{ from: 'r1', to: 'r2' }] }, traceSamplingPercent: 1, localityLbEnabled: true });
  });

  it('takes an explicit flag over the file', () => {
    expect(meshSettings({ ...flags, meshConfig: file, rootNamespace: 'flag-root' }).mesh.rootNamespace).toBe('flag-root');
  });

  it('keeps the defaults without a file', () => {
    expect(meshSettings({ ...flags, meshConfig: undefined, rootNamespace: undefined })).toEqual({ file: undefined, mesh: { ...DEFAULT_MESH, traceSamplingPercent: 1, localityLbEnabled: true } });
  });

  it('fails on a bad file, naming it and the field', () => {
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'localityLbSetting: {distribute: [{from: r1, to: {r1: 60}}], failover: [{from: r1, to: r2}]}\n');
    expect(() => meshSettings({ ...flags, meshConfig: bad, rootNamespace: undefined })).toThrow("can not simultaneously specify 'distribute' and 'failover'");
    expect(() => meshSettings({ ...flags, meshConfig: join(dir, 'nope'), rootNamespace: undefined })).toThrow(/cannot read the mesh config file: ENOENT/);
  });
});
