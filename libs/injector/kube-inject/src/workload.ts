import {
  containersOf,
  decodePodTemplate,
  injectionDecision,
  injectPodTemplate,
  isPlainObject,
  PROXY_CONTAINER_NAME,
  type InjectorConfig,
  type ObjectMeta,
  type PodTemplate,
} from '@tsmesh/injector-injection';

// Where each workload kind keeps its pod template, and the manual-injection rules Istio's
// kube-inject applies to it. Kinds not listed here are not workloads and pass through.

type Json = Record<string, unknown>;

interface TemplateSlot {
  /** The pod metadata injection reads and annotates. */
  readonly meta: (object: Json) => unknown;
  readonly spec: (object: Json) => unknown;
  readonly write: (object: Json, template: PodTemplate) => void;
}

const child = (value: unknown, key: string): Json => (isPlainObject(value) && isPlainObject(value[key]) ? value[key] : {});

const POD_SLOT: TemplateSlot = {
  meta: (pod) => pod['metadata'],
  spec: (pod) => pod['spec'],
  write: (pod, template) => {
    pod['metadata'] = template.metadata;
    pod['spec'] = template.spec;
  },
};

const SPEC_TEMPLATE_SLOT: TemplateSlot = {
  meta: (workload) => child(workload['spec'], 'template')['metadata'],
  spec: (workload) => child(workload['spec'], 'template')['spec'],
  write: (workload, template) => {
    const spec = child(workload, 'spec');
    spec['template'] = { ...child(spec, 'template'), metadata: template.metadata, spec: template.spec };
    workload['spec'] = spec;
  },
};

// Istio 1.2 treats a CronJob's jobTemplate metadata as the pod metadata (its labels and
// annotations steer injection and receive the status annotation); kept for golden parity.
const CRON_JOB_SLOT: TemplateSlot = {
  meta: (cronJob) => child(cronJob['spec'], 'jobTemplate')['metadata'],
  spec: (cronJob) => child(child(child(cronJob['spec'], 'jobTemplate'), 'spec'), 'template')['spec'],
  write: (cronJob, template) => {
    const spec = child(cronJob, 'spec');
    const jobTemplate = child(spec, 'jobTemplate');
    const jobSpec = child(jobTemplate, 'spec');
    jobSpec['template'] = { ...child(jobSpec, 'template'), spec: template.spec };
    spec['jobTemplate'] = { ...jobTemplate, metadata: template.metadata, spec: jobSpec };
    cronJob['spec'] = spec;
  },
};

const SLOTS: Readonly<Record<string, TemplateSlot>> = {
  Pod: POD_SLOT,
  Deployment: SPEC_TEMPLATE_SLOT,
  ReplicaSet: SPEC_TEMPLATE_SLOT,
  StatefulSet: SPEC_TEMPLATE_SLOT,
  DaemonSet: SPEC_TEMPLATE_SLOT,
  Job: SPEC_TEMPLATE_SLOT,
  ReplicationController: SPEC_TEMPLATE_SLOT,
  DeploymentConfig: SPEC_TEMPLATE_SLOT,
  CronJob: CRON_JOB_SLOT,
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(SLOTS);

export function isWorkload(object: unknown): object is Json {
  return isPlainObject(object) && typeof object['kind'] === 'string' && Object.hasOwn(SLOTS, object['kind']);
}

/** Why kube-inject leaves this pod alone, or undefined to inject. */
function skipReason(config: InjectorConfig, template: PodTemplate, workloadMeta: ObjectMeta): string | undefined {
  const containers = containersOf(template.spec);
  if (containers.length > 1 && containers.some((container) => container.name === PROXY_CONTAINER_NAME)) {
    return `it has an injected ${PROXY_CONTAINER_NAME} sidecar already`;
  }
  // Manual injection is an explicit request: the injector's policy does not apply, but the
  // pod's own opt-out annotation, host networking and system namespaces still do.
  const decision = injectionDecision({ ...config, policy: 'enabled' }, template.metadata ?? {}, template.spec, workloadMeta.namespace ?? '');
  return decision.inject ? undefined : decision.reason;
}

/**
 * Injects the sidecar into a workload object in place of its pod template. Returns the new
 * object (the input is not modified) and why injection was skipped, if it was.
 */
export function injectWorkload(config: InjectorConfig, workload: Json, field: string): { object: Json; skipped?: string } {
  const slot = SLOTS[String(workload['kind'])] as TemplateSlot;
  const object = structuredClone(workload);
  const template = decodePodTemplate({ metadata: slot.meta(object) ?? undefined, spec: slot.spec(object) ?? {} }, field);
  template.spec.containers = containersOf(template.spec);
  const workloadMeta = (isPlainObject(object['metadata']) ? object['metadata'] : {}) as ObjectMeta;
  const skipped = skipReason(config, template, workloadMeta);
  if (skipped) return { object, skipped };
  slot.write(object, injectPodTemplate(config, template, workloadMeta));
  return { object };
}
