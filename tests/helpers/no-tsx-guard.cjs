// A tripwire for the built-CLI test (tests/e2e/built-cli.test.ts), loaded into every process
// and worker thread with NODE_OPTIONS=--require (children and workers inherit it): a module
// resolve hook that refuses tsx, so anything that still needs it at run time fails loudly.
// Plain CommonJS, so it is in place before any --import loader. Test-only: never shipped.
'use strict';
const { register } = require('node:module');

const hook = `export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/[\\\\/]node_modules[\\\\/]tsx[\\\\/]/.test(result.url)) throw new Error('tsx loaded at run time: ' + result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
