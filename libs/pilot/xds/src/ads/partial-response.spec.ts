import { XdsTypeUrl } from '@tsmesh/contracts';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import type { PushContext } from '../push-context';
import { contentDigest } from './content-digest';
import type { CheckedOutput } from './generation-cache';
import { changedResources } from './partial-response';

const cla = (name: string, port: number) => ({ name, resource: { typeUrl: XdsTypeUrl.ClusterLoadAssignment, value: Buffer.from(ClusterLoadAssignment.encode(ClusterLoadAssignment.fromPartial({ clusterName: name, endpoints: [{ lbEndpoints: [{ hostIdentifier: { $case: 'endpoint', value: { address: { address: { $case: 'socketAddress', value: { address: '10.0.0.1', portSpecifier: { $case: 'portValue', value: port } } } } } } }] }] })).finish()) } });
const output = (...valid: ReturnType<typeof cla>[]): CheckedOutput => ({ valid, problems: [], digest: contentDigest(valid) });
const push = () => ({ memo: new Map() }) as unknown as PushContext;

describe('changedResources', () => {
  it('keeps only resources that differ from what the proxy holds, one shared output per push', () => {
    const p = push();
    const held = output(cla('a', 1), cla('b', 1));
    const next = output(cla('a', 1), cla('b', 2), cla('c', 1));
    const partial = changedResources(p, XdsTypeUrl.ClusterLoadAssignment, held, next);
    expect(partial?.valid.map((g) => g.name)).toEqual(['b', 'c']);
    // Another proxy with equal content (other objects) moving to equal content shares the output.
    expect(changedResources(p, XdsTypeUrl.ClusterLoadAssignment, output(cla('a', 1), cla('b', 1)), output(cla('a', 1), cla('b', 2), cla('c', 1)))).toBe(partial);
  });

  it('leaves out resources the proxy no longer asks for; nothing new or changed means a whole response', () => {
    expect(changedResources(push(), XdsTypeUrl.ClusterLoadAssignment, output(cla('a', 1), cla('b', 1)), output(cla('b', 1), cla('c', 1)))?.valid.map((g) => g.name)).toEqual(['c']);
    expect(changedResources(push(), XdsTypeUrl.ClusterLoadAssignment, output(cla('a', 1), cla('b', 1)), output(cla('a', 1)))).toBeUndefined();
    expect(changedResources(push(), XdsTypeUrl.ClusterLoadAssignment, output(cla('a', 1), cla('b', 1)), output(cla('b', 1), cla('a', 1)))).toBeUndefined();
  });
});
