import { IssueSink } from '../issues';
import { list, str, strings, field, type Json } from '../schema/access';
import { t } from '../schema/shape';
import { checkRegex } from '../common/values';

const stringMatch = t.message(() => ({ exact: t.string, prefix: t.string, suffix: t.string, regex: t.string }));

/** Jwt as defined by istio/api 1.2.10 authentication/v1alpha1/policy.proto. */
export const jwt = t.message(() => ({
  issuer: t.string,
  audiences: t.strings,
  jwksUri: t.string,
  jwks: t.string,
  jwtHeaders: t.strings,
  jwtParams: t.strings,
  triggerRules: t.list(t.message(() => ({ excludedPaths: t.list(stringMatch), includedPaths: t.list(stringMatch) }))),
}));

/** Istio's ParseJwksURI: a parseable http(s) URL with a host and, if given, a numeric port. */
export function checkJwksUri(uri: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return `jwksUri "${uri}" is not a valid URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `jwksUri scheme "${parsed.protocol.replace(/:$/, '')}" is not supported (use http or https)`;
  }
  return parsed.hostname === '' ? `jwksUri "${uri}" has no host` : undefined;
}

/** Istio's validateJwt, plus regex compilation of trigger rule paths. */
export function checkJwt(value: Json, path: string, sink: IssueSink): void {
  if (str(value, 'issuer') === '') sink.error(`${path}.issuer`, 'issuer must be set');
  strings(value, 'audiences').forEach((a, i) => {
    if (a === '') sink.error(`${path}.audiences[${i}]`, 'audience must be a non-empty string');
  });
  if (str(value, 'jwksUri') !== '') sink.check(`${path}.jwksUri`, checkJwksUri(str(value, 'jwksUri')));
  strings(value, 'jwtHeaders').forEach((h, i) => {
    if (h === '') sink.error(`${path}.jwtHeaders[${i}]`, 'location header must be a non-empty string');
  });
  strings(value, 'jwtParams').forEach((p, i) => {
    if (p === '') sink.error(`${path}.jwtParams[${i}]`, 'location query must be a non-empty string');
  });
  list(value, 'triggerRules').forEach((rule, i) => {
    for (const side of ['excludedPaths', 'includedPaths']) {
      list(rule, side).forEach((match, j) => {
        const regex = field(match, 'regex');
        if (typeof regex === 'string') sink.check(`${path}.triggerRules[${i}].${side}[${j}].regex`, checkRegex(regex));
      });
    }
  });
}
