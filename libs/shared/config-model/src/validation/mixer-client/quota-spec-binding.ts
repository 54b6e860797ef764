import type { KindValidator } from '../kind-validator';
import { list } from '../schema/access';
import { t } from '../schema/shape';
import { checkBinding, istioService, specReference } from './istio-service';

/** QuotaSpecBinding (istio/api 1.2.10 quota.proto), Istio's ValidateQuotaSpecBinding. */
export const quotaSpecBindingValidator: KindValidator = {
  fields: { services: t.list(istioService), quotaSpecs: t.list(specReference) },
  rules: (spec, _meta, sink) => checkBinding(list(spec, 'services'), list(spec, 'quotaSpecs'), 'spec.quotaSpecs', sink),
};
