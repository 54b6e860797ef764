import { t, type Fields } from '../schema/shape';

/** Message shapes shared by several networking.istio.io/v1alpha3 kinds (Istio API 1.2.10). */
export const portSelectorFields: Fields = { number: t.uint, name: t.string };
export const portSelector = t.message(() => portSelectorFields);

export const portFields: Fields = { number: t.uint, protocol: t.string, name: t.string };
export const port = t.message(() => portFields);

export const destination = t.message(() => ({ host: t.string, subset: t.string, port: portSelector }));

export const stringMatch = t.message(() => ({ exact: t.string, prefix: t.string, regex: t.string }));

export const CAPTURE_MODES = ['DEFAULT', 'IPTABLES', 'NONE'] as const;
