// Compiles every .sol file under <srcDir> with the pinned solc-js and writes, per contract,
// <Name>.abi and <Name>.bin into <outDir>. Imports resolve from the repository's node_modules
// (OpenZeppelin), with no network. Given a java binary, a classpath holding web3j codegen, an
// output folder and a package, it then runs web3j's wrapper generator once per contract
// (the generator takes one contract per call; Maven has no loop).
//   node compile.mjs <srcDir> <outDir> <nodeModules> [<java> <classpath> <wrappersDir> <package>]
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';

const args = process.argv.slice(2);
const [srcDir, outDir, nodeModules] = args.slice(0, 3).map((p) => path.resolve(p));
const [javaBin, classpath, wrappersDir, pkg] = args.slice(3);
const require = createRequire(path.join(nodeModules, 'noop.js'));
const solc = require('solc');
const cache = createRequire(import.meta.url)('./solc-cache.cjs');

const sources = {};
for (const f of fs.readdirSync(srcDir).filter((f) => f.endsWith('.sol')).sort()) {
  sources[f] = { content: fs.readFileSync(path.join(srcDir, f), 'utf8') };
}
const input = {
  language: 'Solidity',
  sources,
  settings: {
    optimizer: { enabled: true, runs: 200 },
    viaIR: true,
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};
const findImports = (p) => {
  for (const base of [nodeModules, srcDir, path.resolve(srcDir, '../../main/solidity')]) {
    const full = path.join(base, p);
    if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
  }
  return { error: `not found: ${p}` };
};
// Skip the (slow, viaIR) compile when sources, settings and compiler are unchanged.
const stamp = crypto.createHash('sha256')
  .update(JSON.stringify(input)).update(solc.version()).update(String(pkg)).digest('hex');
const stampFile = path.join(outDir, '.stamp');
const wrappersOk = !javaBin || fs.existsSync(path.resolve(wrappersDir));
if (wrappersOk && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
  console.log(`solc: ${srcDir} unchanged, skipping`);
  process.exit(0);
}
const out = JSON.parse(cache.compile(solc, JSON.stringify(input), findImports));
const errors = (out.errors || []).filter((e) => e.severity === 'error');
for (const e of out.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

fs.mkdirSync(outDir, { recursive: true });
const names = [];
for (const file of Object.keys(sources)) {
  for (const [name, c] of Object.entries(out.contracts[file] || {})) {
    if (!c.evm.bytecode.object) continue; // interfaces and abstract contracts
    fs.writeFileSync(path.join(outDir, `${name}.abi`), JSON.stringify(c.abi));
    fs.writeFileSync(path.join(outDir, `${name}.bin`), c.evm.bytecode.object);
    names.push(name);
  }
}
console.log(`solc ${solc.version()}: ${names.length} contracts -> ${outDir}`);

if (javaBin) {
  for (const name of names) {
    execFileSync(javaBin, ['-cp', classpath, 'org.web3j.codegen.SolidityFunctionWrapperGenerator',
      '-a', path.join(outDir, `${name}.abi`), '-b', path.join(outDir, `${name}.bin`),
      '-o', path.resolve(wrappersDir), '-p', pkg, '-c', name], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}
fs.writeFileSync(stampFile, stamp);
