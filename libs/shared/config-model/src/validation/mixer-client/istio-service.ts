import { IssueSink } from '../issues';
import { str, type Json } from '../schema/access';
import { t } from '../schema/shape';
import { checkFqdn, isDns1123Label } from '../common/dns';
import { checkLabels } from '../common/values';

/** IstioService as defined by istio/api 1.2.10 mixer/v1/config/client/service.proto. */
export const istioService = t.message(() => ({
  name: t.string,
  namespace: t.string,
  domain: t.string,
  service: t.string,
  labels: t.stringMap,
}));

/** `{name, namespace}` references to a QuotaSpec or HTTPAPISpec. */
export const specReference = t.message(() => ({ name: t.string, namespace: t.string }));

/** Istio's ValidateMixerService: either a short name (+namespace/domain) or a full service name. */
export function checkIstioService(svc: Json, path: string, sink: IssueSink): void {
  const name = str(svc, 'name');
  const service = str(svc, 'service');
  const namespace = str(svc, 'namespace');
  const domain = str(svc, 'domain');
  if (name === '' && service === '') sink.error(path, 'name or service is required for a service reference');
  else if (name !== '' && service !== '') sink.error(path, 'specify either name or service, not both');
  else if (service !== '') {
    if (namespace !== '') sink.error(`${path}.namespace`, 'namespace is not valid when service is provided');
    if (domain !== '') sink.error(`${path}.domain`, 'domain is not valid when service is provided');
  } else if (!isDns1123Label(name)) sink.error(`${path}.name`, `name "${name}" must be a DNS-1123 label`);
  if (namespace !== '' && !isDns1123Label(namespace)) sink.error(`${path}.namespace`, `namespace "${namespace}" must be a DNS-1123 label`);
  if (domain !== '') sink.check(`${path}.domain`, checkFqdn(domain));
  checkLabels(svc, 'labels', `${path}.labels`, sink);
}

/** Shared rules of QuotaSpecBinding and HTTPAPISpecBinding: services and spec references. */
export function checkBinding(services: Json[], refs: Json[], refsPath: string, sink: IssueSink): void {
  if (services.length === 0) sink.error('spec.services', 'at least one service must be specified');
  services.forEach((svc, i) => checkIstioService(svc, `spec.services[${i}]`, sink));
  if (refs.length === 0) sink.error(refsPath, 'at least one spec must be specified');
  refs.forEach((ref, i) => {
    if (str(ref, 'name') === '') sink.error(`${refsPath}[${i}].name`, 'name is required for a spec reference');
    const ns = str(ref, 'namespace');
    if (ns !== '' && !isDns1123Label(ns)) sink.error(`${refsPath}[${i}].namespace`, `namespace "${ns}" must be a DNS-1123 label`);
  });
}
