// Splits a multi-document YAML stream the way Kubernetes' YAMLReader does: a line that is
// exactly "---" (trailing spaces allowed) ends a document; empty documents are dropped. Raw
// chunks are kept so documents that are not workloads can be written back byte for byte.

export function splitYamlDocuments(text: string): string[] {
  const documents: string[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) documents.push(current.join(''));
    current = [];
  };
  for (const line of text.split(/(?<=\n)/)) {
    if (/^---\s*$/.test(line)) flush();
    else current.push(line);
  }
  flush();
  return documents.filter((document) => document.trim() !== '');
}
