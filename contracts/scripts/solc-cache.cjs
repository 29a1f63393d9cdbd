// solc's output is a function of the compiler, its standard JSON input and the files its imports
// resolve to, so it is kept under their hash (as ccache does for C) and a fresh clone does not
// pay for the slow viaIR compile of unchanged contracts again. A hit is used only when every
// import still resolves to the same content. SOA_SOLC_CACHE names the folder (default
// ~/.cache/soa/solc); SOA_SOLC_CACHE=off compiles every time.
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const sha = (s) => crypto.createHash('sha256').update(s).digest('hex');

function folder() {
  const d = process.env.SOA_SOLC_CACHE;
  if (d === 'off') return null;
  return d || path.join(os.homedir(), '.cache', 'soa', 'solc');
}

// forge names sources by absolute path, so a clone elsewhere would never hit: `root` (the
// repository's folder) is written as this marker in what is hashed and kept, and put back on a hit.
const ROOT = '<soa-repository-root>';

/**
 * solc.compile(input, { import: findImports }), from the cache when nothing it read changed.
 * With `root`, paths under it are kept relative to it.
 */
function compile(solc, input, findImports, root) {
  const strip = (t) => (root ? t.split(JSON.stringify(root).slice(1, -1)).join(ROOT) : t);
  const back = (t) => (root ? t.split(ROOT).join(JSON.stringify(root).slice(1, -1)) : t);
  const dir = folder();
  const file = dir && path.join(dir, `${sha(`${solc.version()}\0${strip(input)}`)}.json`);
  const same = (p, h) => {
    const r = findImports(back(p));
    return (r.contents === undefined ? null : sha(r.contents)) === h;
  };
  if (file && fs.existsSync(file)) {
    try {
      const hit = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (Object.entries(hit.imports).every(([p, h]) => same(p, h))) return back(hit.output);
    } catch (e) {
      // unreadable entry: compile again and replace it
    }
  }
  const imports = {};
  const output = solc.compile(input, {
    import: (p) => {
      const r = findImports(p);
      imports[strip(p)] = r.contents === undefined ? null : sha(r.contents);
      return r;
    },
  });
  if (file) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      const tmp = `${file}.${process.pid}`;
      fs.writeFileSync(tmp, JSON.stringify({ imports, output: strip(output) }));
      fs.renameSync(tmp, file); // atomic: a concurrent reader sees the whole entry or none
    } catch (e) {
      console.error(`solc cache: not kept (${e.message})`); // a read-only home only costs time
    }
  }
  return output;
}

module.exports = { compile };
