import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Compares `value` as pretty JSON with generators/testdata/<name>; REFRESH_GOLDEN=true rewrites it. */
export function expectGolden(name: string, value: unknown): void {
  const file = join(__dirname, '..', 'testdata', name);
  const text = JSON.stringify(value, null, 2) + '\n';
  if (process.env['REFRESH_GOLDEN'] === 'true') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}
