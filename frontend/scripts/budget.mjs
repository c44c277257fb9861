// The initial JS budget: what index.html loads before anything is lazily imported, gzipped.
// Fails the build above the budget; prints the figure either way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 250 * 1024;
const dir = 'target/classes/static';
const html = readFileSync(join(dir, 'index.html'), 'utf8');
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html)) {
  console.error('budget: index.html has an inline script; the CSP refuses it');
  process.exit(1);
}
const initial = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const file of new Set(initial)) {
  const size = gzipSync(readFileSync(join(dir, file))).length;
  total += size;
  console.log(`budget: ${file} ${(size / 1024).toFixed(1)} KB gzipped`);
}
console.log(`budget: initial JS ${(total / 1024).toFixed(1)} KB gzipped (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error('budget: initial JS over budget');
  process.exit(1);
}
