// Layer check (run by `npm run deps:check`): no cycle between features. dependency-cruiser's `no-circular`
// sees cycles of files; two features can still lean on each other through different files (orders using
// attendance's service while attendance throws orders' error), which makes neither a unit of its own.
// Folded here to one node per feature folder under src/. The shared layers below every feature (common,
// config, database, i18n, kernel) and the pure solver (scheduling/solver, plain data in and out) are not
// features: they have rules of their own in .dependency-cruiser.cjs.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = new Set(['common', 'config', 'database', 'i18n', 'kernel']);

/** The feature a source file belongs to, or undefined for shared layers, the solver and files outside src/. */
function featureOf(path) {
  if (path.startsWith('src/scheduling/solver/')) return undefined;
  const m = /^src\/([^/]+)\//.exec(path);
  return m && !SHARED.has(m[1]) ? m[1] : undefined;
}

const cruise = JSON.parse(
  execFileSync(join(root, 'node_modules/.bin/depcruise'), ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    cwd: root,
    maxBuffer: 256 * 1024 * 1024,
  }).toString(),
);

/** feature → feature it imports → the file imports that make the edge. */
const edges = new Map();
for (const mod of cruise.modules) {
  const from = featureOf(mod.source);
  if (!from) continue;
  for (const dep of mod.dependencies) {
    const to = featureOf(dep.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Map());
    const files = edges.get(from).get(to) ?? [];
    files.push(`${mod.source} → ${dep.resolved}`);
    edges.get(from).set(to, files);
  }
}

/** Strongly connected components of more than one feature (Tarjan). */
function cycles() {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) found.push(component.sort());
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return found;
}

const found = cycles();
if (found.length === 0) {
  console.log(`✔ no cycle between features (${edges.size} features)`);
} else {
  for (const component of found) {
    console.error(`✘ features that import each other: ${component.join(', ')}`);
    for (const from of component)
      for (const [to, files] of edges.get(from) ?? [])
        if (component.includes(to)) for (const f of files) console.error(`    ${from} → ${to}: ${f}`);
  }
  process.exit(1);
}
