#!/usr/bin/env node
// The solc command line forge expects, over the pinned npm solc-js (forge would download a
// native solc, and nothing but npm and Maven Central is reachable). forge asks `--version`,
// then passes standard JSON on stdin with paths options this compiler does not need.
const path = require('node:path');
const fs = require('node:fs');
const solc = require(path.join(__dirname, '../../node_modules/solc'));
const cache = require('./solc-cache.cjs');

const args = process.argv.slice(2);
if (args.includes('--version')) {
  console.log('solc, the solidity compiler commandline interface\nVersion: ' + solc.version());
  process.exit(0);
}
const at = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : null);
const bases = [at('--base-path'), process.cwd(), path.join(__dirname, '../../node_modules')].filter(Boolean);
const findImports = (p) => {
  for (const base of bases) {
    const full = path.resolve(base, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `not found: ${p}` };
};
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => process.stdout.write(cache.compile(solc, input, findImports, path.resolve(__dirname, '../..'))));
