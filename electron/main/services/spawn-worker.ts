// Starts a worker thread from a compiled .js entry, or from a .ts source by registering
// tsx inside the worker first (Node 20 does not pass --import loaders on to workers).
// `preload` names large plain-JS modules (pdf.js) to load before tsx registers: through
// tsx's hooks each pdf.js copy costs a worker ~300 MB more; loaded first, the entry's own
// import of the same URL gets the cached module.
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function spawnWorker(entry: string, resourceLimits?: ResourceLimits, preload: readonly string[] = []): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const first = `Promise.all(${JSON.stringify(preload)}.map((url) => import(url)))`;
  const boot = `${first}.then(() => import(${JSON.stringify(tsxApi)})).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}
