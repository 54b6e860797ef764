import { parse as parseYaml } from 'yaml';
import { isPlainObject, type Container, type SidecarSpec } from '@tsmesh/injector-injection';

// Helpers for Istio 1.2's webhook goldens (pilot/pkg/kube/inject/testdata/webhook).

/**
 * TestWebhookInject's small templates contain one Go-template conditional, choosing the
 * istio-certs secret by service account. tsmesh renders its template in code, so the test
 * resolves that conditional itself and reads the rest as YAML, then applies Go's typing (args
 * are strings, so `- 15020` becomes "15020").
 */
export function sidecarFromTestTemplate(text: string, serviceAccountName = ''): SidecarSpec {
  const resolved = text.replace(
    /\{\{ if eq \.Spec\.ServiceAccountName "" -\}\}\s*\n(\s*)(secretName: istio\.default)\s*\n\s*\{\{ else -\}\}\s*\n\s*secretName:[^\n]*\n\s*\{\{ end -\}\}/,
    (_match, indent: string, defaultLine: string) => `${indent}${serviceAccountName === '' ? defaultLine : `secretName: istio.${serviceAccountName}`}`,
  );
  if (resolved.includes('{{')) throw new Error('test template has Go-template syntax this helper does not resolve');
  const raw = parseYaml(resolved) as Record<string, unknown>;
  const containers = (value: unknown): Container[] =>
    ((value as Container[] | undefined) ?? []).map((container) => ({
      ...container,
      ...(container.args && { args: container.args.map(String) }),
    }));
  return {
    rewriteAppHTTPProbe: raw['rewriteAppHTTPProbe'] === true,
    initContainers: containers(raw['initContainers']),
    containers: containers(raw['containers']),
    volumes: (raw['volumes'] as SidecarSpec['volumes'] | undefined) ?? [],
    imagePullSecrets: (raw['imagePullSecrets'] as SidecarSpec['imagePullSecrets'] | undefined) ?? [],
  };
}

const STATUS_ANNOTATION = 'sidecar.istio.io/status';

function podTemplateOf(deployment: unknown): Record<string, unknown> {
  const spec = isPlainObject(deployment) && isPlainObject(deployment['spec']) ? deployment['spec'] : {};
  return isPlainObject(spec['template']) ? spec['template'] : {};
}

/** appsv1.DeploymentSpec's fields: upstream decodes every input (even a StatefulSet) as one. */
const DEPLOYMENT_SPEC_FIELDS = ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'];

/**
 * What webhook_test.go's harness does to our side before comparing. It reads each input as an
 * apps/v1 Deployment (jsonToDeployment), so fields only other kinds have (a StatefulSet's
 * serviceName) are lost; and normalizeAndCompareDeployments scrubs: the status
 * annotation and the istio-init/istio-proxy images are taken from the golden (the test's
 * hub/tag and template hash differ from the chart's), and ISTIO_METAJSON_* env vars are
 * dropped from ours after checking they are JSON maps (the goldens were written without them).
 */
export function scrubLikeUpstreamWebhookTest(got: unknown, want: unknown): unknown {
  const copy = structuredClone(got);
  if (isPlainObject(copy) && isPlainObject(copy['spec'])) {
    const spec = copy['spec'];
    copy['spec'] = Object.fromEntries(Object.entries(spec).filter(([key]) => DEPLOYMENT_SPEC_FIELDS.includes(key)));
  }
  const gotTemplate = podTemplateOf(copy);
  const wantTemplate = podTemplateOf(want);
  const wantStatus = (wantTemplate['metadata'] as { annotations?: Record<string, string> } | undefined)?.annotations?.[STATUS_ANNOTATION];
  const gotMeta = gotTemplate['metadata'] as { annotations?: Record<string, string> } | undefined;
  if (gotMeta?.annotations && wantStatus !== undefined) gotMeta.annotations[STATUS_ANNOTATION] = wantStatus;
  const containersIn = (template: Record<string, unknown>, key: string): Container[] =>
    ((template['spec'] as Record<string, unknown> | undefined)?.[key] as Container[] | undefined) ?? [];
  for (const key of ['initContainers', 'containers']) {
    for (const container of containersIn(gotTemplate, key)) {
      const wanted = containersIn(wantTemplate, key).find((candidate) => candidate.name === container.name);
      if (wanted && (container.name === 'istio-init' || container.name === 'istio-proxy')) container.image = wanted.image as string;
      if (container.name !== 'istio-proxy' || !container.env) continue;
      container.env = container.env.filter((env) => {
        if (!env.name.startsWith('ISTIO_METAJSON_')) return true;
        if (!isPlainObject(JSON.parse(env.value ?? ''))) throw new Error(`${env.name} is not a JSON map`);
        return false;
      });
    }
  }
  return copy;
}
