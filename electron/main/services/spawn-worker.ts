// Starts a worker thread from a compiled .js entry, or from a .ts source by registering
// tsx inside the worker first (Node 20 does not pass --import loaders on to workers).
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function spawnWorker(entry: string, resourceLimits?: ResourceLimits): Worker {
  if (!entry.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(entry).href)}); });`;
  return new Worker(boot, { eval: true, resourceLimits });
}
