import { validateAnnotations } from './annotations';
import { applyConcurrency } from './concurrency';
import { buildInitContainers } from './init-containers';
import { buildProxyContainer } from './proxy-container';
import type { SidecarSpec } from './sidecar-spec';
import { sidecarVolumes } from './sidecar-volumes';
import type { TemplateContext } from './template-context';

// Istio 1.2's default injection template (install/kubernetes/helm/istio/files/
// injection-template.yaml) written as code: the same branches, fed by the same Helm values and
// mesh ProxyConfig. Code rather than a Go-template interpreter keeps every branch type-checked.

/** Renders the sidecar for one pod; throws ValidationError when its annotations are invalid. */
export function renderSidecar(context: TemplateContext): SidecarSpec {
  validateAnnotations(context.meta.annotations);
  const { values } = context;
  return {
    rewriteAppHTTPProbe: values.rewriteAppHTTPProbe,
    initContainers: buildInitContainers(context),
    containers: applyConcurrency([buildProxyContainer(context)]),
    volumes: sidecarVolumes(context),
    imagePullSecrets: [],
    ...(values.podDNSSearchNamespaces.length > 0 && { dnsConfig: { searches: [...values.podDNSSearchNamespaces] } }),
  };
}
