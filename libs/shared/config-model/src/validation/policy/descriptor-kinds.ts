import type { KindValidator } from '../kind-validator';
import { list, str } from '../schema/access';
import { t } from '../schema/shape';
import { fileDescriptorSetProblem } from './proto-wire';

// Out-of-process adapters describe themselves to Mixer with two config.istio.io/v1alpha2 kinds
// (istio/api mixer/adapter/model/v1beta1 info.proto and template.proto at 1.2): `adapter` (an
// Info: its params message as a base64 FileDescriptorSet) and `template` (the template's own).

const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const adapterValidator: KindValidator = {
  fields: { name: t.string, description: t.string, templates: t.strings, config: t.string, sessionBased: t.bool },
  rules: (spec, _meta, sink) => {
    const name = str(spec, 'name');
    if (name && !DNS_LABEL.test(name)) sink.error('spec.name', `adapter name "${name}" must be an RFC 1035 label`);
    list(spec, 'templates').forEach((tpl, i) => {
      if (typeof tpl === 'string' && tpl.trim() === '') sink.error(`spec.templates[${i}]`, 'a template name must not be empty');
    });
    const config = str(spec, 'config');
    if (!config) sink.error('spec.config', 'config (the adapter params as a base64 FileDescriptorSet) is required');
    else sink.check('spec.config', prefix('config', fileDescriptorSetProblem(config)));
  },
};

export const templateValidator: KindValidator = {
  fields: { descriptor: t.string },
  rules: (spec, _meta, sink) => {
    const descriptor = str(spec, 'descriptor');
    if (!descriptor) sink.error('spec.descriptor', 'descriptor (the template as a base64 FileDescriptorSet) is required');
    else sink.check('spec.descriptor', prefix('descriptor', fileDescriptorSetProblem(descriptor)));
  },
};

const prefix = (name: string, problem: string | undefined): string | undefined => (problem === undefined ? undefined : `${name} ${problem}`);
