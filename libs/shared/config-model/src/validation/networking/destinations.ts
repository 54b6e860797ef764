import { IssueSink, keyPath } from '../issues';
import { entries, field, list, num, obj, str, strings, type Json } from '../schema/access';
import { checkWildcardDomain, isDns1123Label } from '../common/dns';
import { checkHeaderName, checkPercent, checkPort } from '../common/values';

/** Istio's validateSubsetName. */
export function checkSubsetName(name: string): string | undefined {
  if (name === '') return 'subset name cannot be empty';
  return isDns1123Label(name) ? undefined : `subset name "${name}" is invalid (must be a DNS-1123 label)`;
}

/** Istio's validateDestination: host (never bare `*`), subset name, numeric port only. */
export function checkDestination(dest: Json, path: string, sink: IssueSink): void {
  if (dest === undefined) return;
  const host = str(dest, 'host');
  sink.check(`${path}.host`, host === '*' ? 'destination host cannot be *' : checkWildcardDomain(host));
  if (field(dest, 'subset') !== undefined) sink.check(`${path}.subset`, checkSubsetName(str(dest, 'subset')));
  const port = obj(dest, 'port');
  if (port !== undefined) {
    if (str(port, 'name') !== '') sink.error(`${path}.port.name`, 'port name is no longer supported for destinations, use number');
    if (num(port, 'number') !== 0) sink.check(`${path}.port.number`, checkPort(num(port, 'number')));
  }
}

/** Header names in the deprecated append/remove fields and in `headers` must be non-empty. */
export function checkHeaderManipulation(parent: Json, path: string, sink: IssueSink): void {
  for (const mapField of ['appendHeaders', 'appendRequestHeaders', 'appendResponseHeaders']) {
    for (const [name] of entries(parent, mapField)) sink.check(keyPath(`${path}.${mapField}`, name), checkHeaderName(name));
  }
  for (const listField of ['removeRequestHeaders', 'removeResponseHeaders']) {
    strings(parent, listField).forEach((n, i) => sink.check(`${path}.${listField}[${i}]`, checkHeaderName(n)));
  }
  const headers = obj(parent, 'headers');
  for (const side of ['request', 'response']) {
    const ops = obj(headers, side);
    const at = `${path}.headers.${side}`;
    for (const op of ['set', 'add']) {
      for (const [name] of entries(ops, op)) sink.check(keyPath(`${at}.${op}`, name), checkHeaderName(name));
    }
    strings(ops, 'remove').forEach((n, i) => sink.check(`${at}.remove[${i}]`, checkHeaderName(n)));
  }
}

/**
 * Istio's validateHTTPRouteDestinations / validateRouteDestinations: each entry needs a valid
 * destination and a 0..100 weight; with more than one destination the weights must sum to 100.
 */
export function checkWeightedDestinations(parent: Json, path: string, sink: IssueSink, withHeaders: boolean): void {
  const routes = list(parent, 'route');
  let total = 0;
  routes.forEach((route, i) => {
    const at = `${path}.route[${i}]`;
    const dest = obj(route, 'destination');
    if (dest === undefined) sink.error(`${at}.destination`, 'destination is required');
    checkDestination(dest, `${at}.destination`, sink);
    if (withHeaders) checkHeaderManipulation(route, at, sink);
    const weight = num(route, 'weight');
    sink.check(`${at}.weight`, checkPercent(weight));
    total += weight;
  });
  if (routes.length > 1 && total !== 100) {
    sink.error(`${path}.route`, `total destination weight ${total} != 100`);
  }
}
