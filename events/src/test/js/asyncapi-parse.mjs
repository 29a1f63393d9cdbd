// docs/asyncapi.json read by the official AsyncAPI parser (pinned in the root package.json),
// the one code generators and AsyncAPI Studio use: any error-level diagnostic fails the build.
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2];
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), { source: file });
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of errors) console.error(`${d.code} at ${d.path.join('.')}: ${d.message}`);
if (!document || errors.length > 0) {
  console.error(`${file}: ${errors.length} error(s) from @asyncapi/parser`);
  process.exit(1);
}
console.log(`${file}: valid AsyncAPI ${document.version()}, ${document.channels().length} channels, ` +
  `${document.allMessages().length} messages (${diagnostics.length} non-error diagnostics)`);
