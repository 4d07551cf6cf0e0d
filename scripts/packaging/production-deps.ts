// The installed packages a package needs at run time: its dependencies and installed optional
// dependencies, found the way Node resolves them (the nearest node_modules upward), recursively.
// The packaging config uses it for what must leave the asar with tesseract.js; the packed-layout
// test for which node_modules go into its pack.
import fs from 'node:fs';
import path from 'node:path';

interface Manifest {
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The installed folder of `name` as seen from `fromDir`, or null (an optional dependency not installed here). */
function findInstalled(fromDir: string, name: string, root: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', ...name.split('/'));
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return null;
  }
}

/**
 * Package folders `packageDir` depends on, transitively (not including itself), as paths under
 * `root` (the project: the walk stops there and never realpaths, so a symlinked node_modules
 * keeps its project-relative names).
 */
export function dependencyClosure(packageDir: string, root: string): string[] {
  const found = new Set<string>();
  const visit = (dir: string) => {
    const manifest = readManifest(dir);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) {
      const installed = findInstalled(dir, name, root);
      if (installed === null || found.has(installed)) continue;
      found.add(installed);
      visit(installed);
    }
  };
  visit(packageDir);
  return [...found].sort();
}

/** `node_modules/…` names of a package and what it needs, relative to the project root. */
export function packageWithDependencies(name: string, root: string): string[] {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  return [dir, ...dependencyClosure(dir, root)].map((d) => path.relative(root, d).split(path.sep).join('/'));
}
