import type { KindValidator } from '../kind-validator';
import { list } from '../schema/access';
import { t } from '../schema/shape';
import { checkBinding, istioService, specReference } from './istio-service';

/** HTTPAPISpecBinding (istio/api 1.2.10 api_spec.proto), Istio's ValidateHTTPAPISpecBinding. */
export const httpApiSpecBindingValidator: KindValidator = {
  fields: { services: t.list(istioService), apiSpecs: t.list(specReference) },
  rules: (spec, _meta, sink) => checkBinding(list(spec, 'services'), list(spec, 'apiSpecs'), 'spec.apiSpecs', sink),
};
