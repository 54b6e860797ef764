import { ValidationError } from '@tsmesh/shared-errors';
import { Annotation } from './annotations';
import { isPlainObject, type Volume, type VolumeMount } from './kube-types';
import { annotationOr, hasAnnotation, type TemplateContext } from './template-context';

// The volumes the sidecar needs and where istio-proxy mounts them: Envoy's config dir, the
// workload certificates (a secret, or SDS over a UDS), and the volumes users ask for by annotation.

/** The JSON map in a userVolume/userVolumeMount annotation, in Go's sorted range order. */
function annotatedObjects(context: TemplateContext, name: string): [string, Record<string, unknown>][] {
  if (!hasAnnotation(context, name)) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(annotationOr(context, name, ''));
  } catch (error) {
    throw new ValidationError(`annotation '${name}' is not valid JSON: ${(error as Error).message}`, { field: `metadata.annotations.${name}` });
  }
  if (!isPlainObject(parsed) || !Object.values(parsed).every(isPlainObject)) {
    throw new ValidationError(`annotation '${name}' must be a JSON object of name -> definition`, { field: `metadata.annotations.${name}` });
  }
  return Object.keys(parsed)
    .sort()
    .map((key) => [key, parsed[key] as Record<string, unknown>]);
}

function directoryOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

export function proxyVolumeMounts(context: TemplateContext): VolumeMount[] {
  const { values } = context;
  const mounts: VolumeMount[] = [];
  if (hasAnnotation(context, Annotation.bootstrapOverride)) {
    mounts.push({ mountPath: '/etc/istio/custom-bootstrap', name: 'custom-bootstrap-volume' });
  }
  mounts.push({ mountPath: '/etc/istio/proxy', name: 'istio-envoy' });
  if (values.sdsEnabled) {
    mounts.push({ mountPath: '/var/run/sds', name: 'sds-uds-path', readOnly: true });
    if (values.sdsUseTrustworthyJwt) mounts.push({ mountPath: '/var/run/secrets/tokens', name: 'istio-token' });
    if (values.sdsCustomTokenDirectory) {
      mounts.push({ mountPath: values.sdsCustomTokenDirectory, name: 'custom-sds-token', readOnly: true });
    }
  } else {
    mounts.push({ mountPath: '/etc/certs/', name: 'istio-certs', readOnly: true });
  }
  if (values.tracer === 'lightstep' && values.lightstepCacertPath) {
    const cacertPath = context.mesh.defaultConfig.tracing?.lightstep?.cacertPath ?? '';
    mounts.push({ mountPath: directoryOf(cacertPath), name: 'lightstep-certs', readOnly: true });
  }
  for (const [name, mount] of annotatedObjects(context, Annotation.userVolumeMount)) {
    mounts.push({ ...(mount as { mountPath: string }), name });
  }
  return mounts;
}

function secretVolumes(context: TemplateContext): Volume[] {
  const account = context.spec.serviceAccountName ?? '';
  const volumes: Volume[] = [
    { name: 'istio-certs', secret: { optional: true, secretName: account === '' ? 'istio.default' : `istio.${account}` } },
  ];
  for (const [name, volume] of annotatedObjects(context, Annotation.userVolume)) volumes.push({ ...volume, name });
  return volumes;
}

function sdsVolumes(context: TemplateContext): Volume[] {
  const { values } = context;
  const volumes: Volume[] = [{ name: 'sds-uds-path', hostPath: { path: '/var/run/sds' } }];
  if (values.sdsCustomTokenDirectory) volumes.push({ name: 'custom-sds-token', secret: { secretName: 'sdstokensecret' } });
  if (values.sdsUseTrustworthyJwt) {
    volumes.push({
      name: 'istio-token',
      projected: {
        sources: [{ serviceAccountToken: { path: 'istio-token', expirationSeconds: 43200, audience: values.trustDomain } }],
      },
    });
  }
  return volumes;
}

export function sidecarVolumes(context: TemplateContext): Volume[] {
  const { values } = context;
  const volumes: Volume[] = [];
  if (hasAnnotation(context, Annotation.bootstrapOverride)) {
    volumes.push({ name: 'custom-bootstrap-volume', configMap: { name: annotationOr(context, Annotation.bootstrapOverride, '') } });
  }
  volumes.push({ emptyDir: { medium: 'Memory' }, name: 'istio-envoy' });
  volumes.push(...(values.sdsEnabled ? sdsVolumes(context) : secretVolumes(context)));
  if (values.tracer === 'lightstep' && values.lightstepCacertPath) {
    volumes.push({ name: 'lightstep-certs', secret: { optional: true, secretName: 'lightstep.cacert' } });
  }
  return volumes;
}
