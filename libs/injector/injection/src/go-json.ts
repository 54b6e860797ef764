// Go's encoding/json output for map[string]string: keys sorted, and the HTML-sensitive
// characters escaped. Istio writes labels/annotations into ISTIO_METAJSON_* env vars this way,
// and sidecars parse them back, so byte-for-byte equality with Go keeps goldens comparable.

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function goEscape(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (char) => GO_ESCAPES[char] ?? char);
}

/** JSON of a string map exactly as Go's json.Marshal(map[string]string) prints it. */
export function goJsonStringMap(map: Readonly<Record<string, string>>): string {
  const body = Object.keys(map)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${JSON.stringify(map[key])}`)
    .join(',');
  return goEscape(`{${body}}`);
}

/** JSON.stringify with Go's escaping; callers build objects in Go's field order. */
export function goJsonMarshal(value: unknown): string {
  return goEscape(JSON.stringify(value));
}
