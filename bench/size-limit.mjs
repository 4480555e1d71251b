#!/usr/bin/env node
/**
 * Runs size-limit (node_modules/size-limit/bin.js, with .size-limit.cjs) on this machine's Node.js.
 *
 * size-limit 13 wants Node ≥ 22.18: it imports `glob` from node:fs/promises and calls Array.fromAsync, neither of
 * which Node 20 has. On a Node that has both, this only starts size-limit. On Node 20 it first supplies the two:
 * Array.fromAsync as a small polyfill, and `glob` through a module hook that gives size-limit's own modules (and
 * only them) a node:fs/promises with a `glob` made from tinyglobby (already installed, as a dependency of vite).
 * Usage: node bench/size-limit.mjs [size-limit options]   (npm run size builds first, then runs this)
 */
import { register } from 'node:module';
import * as fsPromises from 'node:fs/promises';

if (typeof Array.fromAsync !== 'function') {
  Array.fromAsync = async function fromAsync(items, map) {
    const out = [];
    let i = 0;
    for await (const item of items) out.push(map ? await map(item, i++) : item);
    return out;
  };
}

if (typeof fsPromises.glob !== 'function') {
  const shim = new URL('./fs-promises-glob.mjs', import.meta.url).href;
  const hooks = `
    export async function resolve(specifier, context, next) {
      if ((specifier === 'node:fs/promises' || specifier === 'fs/promises') && context.parentURL?.includes('/node_modules/size-limit/')) {
        return { url: ${JSON.stringify(shim)}, shortCircuit: true };
      }
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

await import(new URL('../node_modules/size-limit/bin.js', import.meta.url).href);
