/** One problem found in a resource; `path` is rooted at `spec` (or `metadata.name` for naming rules). */
export interface ValidationIssue {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

/** Who owns the resource: some Istio rules depend on the name (MeshPolicy "default", Gateway name). */
export interface ResourceMeta {
  namespace?: string;
  name: string;
}

/** Collects every issue instead of stopping at the first, matching Istio's multierror accumulation. */
export class IssueSink {
  readonly issues: ValidationIssue[] = [];

  error(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'error' });
  }

  warn(path: string, message: string): void {
    this.issues.push({ path, message, severity: 'warning' });
  }

  /** Runs a check that returns a message (or undefined when fine) and records it as an error. */
  check(path: string, message: string | undefined): void {
    if (message !== undefined) this.error(path, message);
  }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Appends an object key to a path, quoting keys such as `app.kubernetes.io/name` so paths stay unambiguous. */
export function keyPath(base: string, key: string): string {
  return PLAIN_KEY.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}
