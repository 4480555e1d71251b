/**
 * bench/one-page: ours with the sharer and the terminal in one page, the raw pair's topology.
 *
 * The raw pair (bench/page/raw.js) encodes and decodes in one page, so in one renderer process; ours, as deployed,
 * runs `<gs-screen-share>` on the PC and `<gs-terminal>` (standing in for the device) elsewhere, and the benches'
 * two-page ours puts them in two renderers that compete for the same cores. This page is the demo sharer page with
 * the demo terminal's `<gs-terminal>` added to it, both talking through the real signalling server as ever, so that
 * ours against raw differs by what our elements do and not by how many processes do it.
 *
 * The terminal sits fixed over the page's top-left corner, in view, so that its `<video>` is composited (and its
 * requestVideoFrameCallback runs) as on its own page.
 */
import type { Page } from 'playwright-core';
import type { Bench } from './support.js';

/**
 * Adds the demo terminal page's module and its `<gs-terminal>` to `page` (a demo sharer page opened with `?id=` and
 * `&answer=browser`, which the terminal's module reads from the same URL).
 */
const ADD_TERMINAL = `(async () => {
  const html = await (await fetch('./terminal.html')).text();
  const src = /<script type="module"[^>]*src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error('no module script in terminal.html');
  const holder = document.createElement('div');
  holder.id = 'bench-one-page-terminal';
  holder.style.cssText = 'position: fixed; top: 0; left: 0; width: 480px; z-index: 10; background: #000';
  holder.innerHTML = '<span id="terminal-name" hidden></span><a id="sharer-link" hidden></a><gs-terminal></gs-terminal>';
  document.body.append(holder);
  await import(new URL(src, location.href).href);
  await customElements.whenDefined('gs-terminal');
})()`;

/** Opens the one-page variant: the demo sharer page with the demo terminal in it, registered as `id`. */
export async function openOnePage(bench: Bench, id: string): Promise<Page> {
  const page = await bench.open(`/?id=${id}&answer=browser`);
  await page.evaluate(ADD_TERMINAL);
  return page;
}

/**
 * Resolves once the page's `<gs-terminal>` video has presented a frame (null after `timeoutMs`). The page's
 * `window.__bench.firstFrame` cannot tell: in this page the sharer's preview `<video>` presents frames too.
 */
export const terminalFirstFrame = (timeoutMs: number) => `new Promise((resolve) => {
  let timedOut = false;
  const timer = setTimeout(() => ((timedOut = true), resolve(null)), ${timeoutMs});
  const wait = () => {
    if (timedOut) return;
    const video = document.querySelector('gs-terminal')?.video;
    if (!video || !video.srcObject) return void setTimeout(wait, 10);
    video.requestVideoFrameCallback((now, meta) => {
      clearTimeout(timer);
      resolve(meta.presentedFrames);
    });
  };
  wait();
})`;
