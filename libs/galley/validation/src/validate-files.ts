import { stat } from 'node:fs/promises';
import { buildSnapshot, type ConfigProblem, formatProblem, isError, locateFields, parseConfigText, type ParsedResource, readConfigFile, walkConfigTree } from '@tsmesh/galley-source';
import { crossResourceWarnings } from './cross-checks';
import { validateResource } from './validate-resource';

export interface FilesReport {
  readonly files: number;
  readonly resources: number;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
  readonly valid: boolean;
}

/** What `istioctl validate` reports: every error and warning across files and directories. */
export async function validateFiles(paths: readonly string[]): Promise<FilesReport> {
  const problems: ConfigProblem[] = [];
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) problems.push({ file: path, line: 0, field: '', reason: 'no such file or directory' });
    else if (info.isDirectory()) {
      const tree = await walkConfigTree(path);
      files.push(...tree.files);
      problems.push(...tree.problems);
    } else files.push(path);
  }
  const byFile = new Map<string, ParsedResource[]>();
  const texts = new Map<string, string>();
  for (const file of files) {
    const read = await readConfigFile(file);
    if (!('text' in read)) {
      problems.push({ file, line: 0, field: '', reason: read.reason });
      continue;
    }
    const parsed = parseConfigText(file, read.text);
    problems.push(...locateFields(read.text, parsed.problems));
    byFile.set(file, parsed.resources);
    texts.set(file, read.text);
  }
  // Every resource is checked against all the files given together: an attributemanifest in one
  // declares attributes the instances and rules of the others may use.
  const peers = [...byFile.values()].flat();
  for (const [file, resources] of byFile) {
    problems.push(...locateFields(texts.get(file) ?? '', resources.flatMap((r) => validateResource(r, peers))));
  }
  const built = buildSnapshot(byFile);
  // Files are validated one by one, as istioctl does: the same resource in two files (e.g. the
  // alternative versions of a rule in Istio's samples) is worth knowing about, not an error.
  problems.push(...built.problems.map((p) => ({ ...p, severity: 'warning' as const })));
  const cross = crossResourceWarnings(new Map([...built.snapshot.collections].map(([name, c]) => [name, c.resources])));
  const warnings = [
    ...problems.filter((p) => !isError(p)).map(formatProblem),
    ...cross.map((w) => `${w.resources.join(' and ')}: ${w.path}: ${w.message}`),
  ];
  const errors = problems.filter(isError).map(formatProblem);
  const resources = [...byFile.values()].reduce((n, list) => n + list.length, 0);
  return { files: files.length, resources, errors, warnings, valid: errors.length === 0 };
}
