import { validateSpec } from '../validate-spec';
import { fileDescriptorSetProblem } from './proto-wire';

const errors = (kind: string, spec: unknown) =>
  validateSpec(kind, spec, { name: 'keyval', namespace: 'istio-system' }).filter((i) => i.severity === 'error').map((i) => `${i.path}: ${i.message}`);

/** A FileDescriptorSet holding one FileDescriptorProto named `name`, serialized by hand. */
function descriptorSet(name: string): string {
  const file = Buffer.concat([Buffer.from([0x0a, name.length]), Buffer.from(name), Buffer.from([0x12, 0x06]), Buffer.from('keyval')]);
  return Buffer.concat([Buffer.from([0x0a, file.length]), file]).toString('base64');
}

describe('adapter and template kinds', () => {
  const config = descriptorSet('mixer/test/keyval/config.proto');

  it('accepts an adapter Info and a template descriptor as mixgen writes them', () => {
    expect(errors('adapter', { description: null, session_based: false, templates: ['keyval'], config })).toEqual([]);
    expect(errors('adapter', { name: 'keyval', description: 'kv', sessionBased: true, templates: ['metric'], config })).toEqual([]);
    expect(errors('template', { descriptor: descriptorSet('mixer/test/keyval/template.proto') })).toEqual([]);
  });

  it('reports the shape of each field with its path', () => {
    expect(errors('adapter', { description: 0, templates: 'keyval', config, colour: 1 })).toEqual([
      'spec.description: expected a string, got number 0',
      'spec.templates: expected a list, got string "keyval"',
      'spec.colour: unknown field "colour"',
    ]);
    expect(errors('template', { prescriptor: 0 })).toEqual([
      'spec.prescriptor: unknown field "prescriptor"',
      'spec.descriptor: descriptor (the template as a base64 FileDescriptorSet) is required',
    ]);
    expect(errors('adapter', { name: 'Key_Val', templates: [''], config })).toEqual([
      'spec.name: adapter name "Key_Val" must be an RFC 1035 label',
      'spec.templates[0]: a template name must not be empty',
    ]);
  });

  it('rejects a config or descriptor that is not a base64 FileDescriptorSet', () => {
    expect(errors('adapter', { config: 'not base64!' })).toEqual(['spec.config: config is not valid base64 (standard alphabet, padded)']);
    expect(errors('template', { descriptor: Buffer.from('hello world').toString('base64') })).toEqual([
      'spec.descriptor: descriptor does not decode as a protobuf message',
    ]);
    expect(errors('adapter', {})).toEqual(['spec.config: config (the adapter params as a base64 FileDescriptorSet) is required']);
  });
});

describe('fileDescriptorSetProblem', () => {
  it('tells wire-format junk, other messages and unpadded base64 from a FileDescriptorSet', () => {
    expect(fileDescriptorSetProblem(descriptorSet('a.proto'))).toBeUndefined();
    // Field 2 varint: well-formed protobuf, but not a FileDescriptorSet.
    expect(fileDescriptorSetProblem(Buffer.from([0x10, 0x01]).toString('base64'))).toMatch(/only `file` entries/);
    // A file entry whose payload is a varint field, not a FileDescriptorProto with a name.
    expect(fileDescriptorSetProblem(Buffer.from([0x0a, 0x02, 0x10, 0x01]).toString('base64'))).toMatch(/file 0 is not a FileDescriptorProto/);
    // A length running past the end.
    expect(fileDescriptorSetProblem(Buffer.from([0x0a, 0x09, 0x0a]).toString('base64'))).toMatch(/does not decode/);
    expect(fileDescriptorSetProblem(descriptorSet('a.proto').replace(/=+$/, ''))).toMatch(/base64/);
  });
});
