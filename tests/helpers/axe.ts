// axe-core in the page under test: injected from node_modules (no network), run over the whole
// document, violations of the given impacts returned in a form that reads well in a failure.
// The page's CSP refuses inline scripts (addScriptTag), and the test must not weaken it, so
// the script is evaluated through the DevTools protocol, which the CSP does not govern.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SCRIPT = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeFinding {
  readonly id: string;
  readonly impact: AxeImpact | null;
  readonly help: string;
  /** Each failing node: its selector and what axe says is wrong with it. */
  readonly nodes: readonly string[];
}

/** Violations of at least `serious` impact (by default) on the page as it is now. */
export async function axeViolations(page: Page, impacts: readonly AxeImpact[] = ['serious', 'critical']): Promise<AxeFinding[]> {
  if ((await page.evaluate('typeof window.axe')) !== 'object') await page.evaluate(fs.readFileSync(AXE_SCRIPT, 'utf8'));
  // A string, so the node-typed test need not know axe's browser-side types.
  const found = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ')),
    })),
  )`)) as AxeFinding[];
  return found.filter((v) => v.impact !== null && impacts.includes(v.impact));
}
