import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Access to the Istio 1.2 sample data shared with the team (real upstream files, see its
// README). Tests read from it directly so the goldens stay exactly as upstream wrote them.

export const ISTIO_SAMPLES_DIR = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../shared/istio-samples');

export interface ManifestRow {
  readonly path: string;
  readonly kinds: string;
  readonly validity: string;
  readonly role: string;
  readonly notes: string;
}

export function readSample(path: string): string {
  return readFileSync(join(ISTIO_SAMPLES_DIR, path), 'utf8');
}

export function manifestRows(): ManifestRow[] {
  const [header, ...lines] = readSample('MANIFEST.tsv').split('\n').filter((line) => line.trim() !== '');
  const columns = (header ?? '').split('\t');
  const at = (cells: string[], name: string): string => cells[columns.indexOf(name)] ?? '';
  return lines.map((line) => {
    const cells = line.split('\t');
    return { path: at(cells, 'path'), kinds: at(cells, 'kinds'), validity: at(cells, 'validity'), role: at(cells, 'role'), notes: at(cells, 'notes') };
  });
}
