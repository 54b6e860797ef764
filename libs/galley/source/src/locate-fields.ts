import { isMap, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from 'yaml';
import type { ConfigProblem } from './parse';

const SEGMENT = /\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;

/** `spec.http[0].route[1].weight` → ['spec', 'http', 0, 'route', 1, 'weight']. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(SEGMENT)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

/**
 * Moves each problem's line from its document's first line to the line of the field it names
 * (or the deepest part of that path present in the file). Runs only when a file has problems,
 * so the happy path never keeps YAML syntax trees around.
 */
export function locateFields(text: string, problems: readonly ConfigProblem[]): ConfigProblem[] {
  if (!problems.some((p) => p.field !== '')) return [...problems];
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const docsByLine = new Map<number, Node>();
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const contents = doc.contents as Node | null;
    if (contents?.range) docsByLine.set(lines.linePos(contents.range[0]).line, contents);
  }
  return problems.map((p) => {
    const root = docsByLine.get(p.line);
    if (!root || p.field === '') return p;
    const offset = offsetOf(root, pathSegments(p.field));
    return offset === undefined ? p : { ...p, line: lines.linePos(offset).line };
  });
}

/** Start offset of the deepest node (or map key) along `segments`. */
function offsetOf(root: Node, segments: ReadonlyArray<string | number>): number | undefined {
  let node: unknown = root;
  let offset = root.range?.[0];
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return offset;
}
