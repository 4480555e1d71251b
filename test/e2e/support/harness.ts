/**
 * End-to-end harness: the real signalling server on a free localhost port serving the built demo (dist/demo),
 * and Debian's Chromium through playwright-core with the fake capture flags, so getDisplayMedia returns a real
 * 1280×720 test pattern and two peers decode it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs } from '../../../scripts/chromium-args.mjs';
import { createSignallingServer, type ServerOptions, type SignallingServer } from '../../../src/server/server.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const demoDir = path.join(repoRoot, 'dist/demo');

export { chromiumArgs };

export interface Harness {
  server: SignallingServer;
  port: number;
  origin: string;
  browser: Browser;
  contexts: BrowserContext[];
  /** Opens `pathname` in a fresh browser context (its own "window"), with console errors collected. */
  open(pathname: string): Promise<Page>;
  /** Opens a full URL in a fresh browser context. */
  openUrl(url: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the server (with `options`, e.g. `{ roomCapacity: 4 }`, over the defaults) and Chromium. */
export async function startHarness(options: ServerOptions = {}): Promise<Harness> {
  if (!existsSync(path.join(demoDir, 'index.html'))) throw new Error(`no built demo in ${demoDir}: run npm run build first`);
  const server = createSignallingServer({ staticDir: demoDir, ...options });
  const port = await server.listen(0, '127.0.0.1');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
  });
  const contexts: BrowserContext[] = [];
  const origin = `http://localhost:${port}`;
  const openUrl = async (url: string) => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    // Playwright's 30 s navigation bound is too tight for a page opened beside several live WebRTC pages on a
    // loaded machine (two cores kept busy: room.html beside six conference members took longer); the bound only
    // exists to end a hung test, so it is generous.
    context.setDefaultNavigationTimeout(120_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`[page error] ${url}: ${error.message}`));
    // The components warn (console.warn) only about things that went wrong underneath, e.g. a failed renegotiation.
    page.on('console', (message) => {
      if (message.type() === 'warning' && !message.text().startsWith('Canvas2D:')) console.error(`[page warning] ${url}: ${message.text()}`);
    });
    await page.goto(url);
    return page;
  };
  return {
    server,
    port,
    origin,
    browser,
    contexts,
    open: (pathname) => openUrl(origin + pathname),
    openUrl,
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes; returns the last value. */
export async function until<T>(check: () => Promise<T>, timeoutMs = 10_000, stepMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await check();
  while (!value && Date.now() < end) {
    await new Promise((r) => setTimeout(r, stepMs));
    value = await check();
  }
  return value;
}

/** Frames decoded so far by the terminal's inbound video (getStats inbound-rtp), 0 without a call. */
export function terminalFramesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pc = document.querySelector('gs-terminal')?.peerConnection;
    if (!pc) return 0;
    let frames = 0;
    (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
    return frames;
  });
}

/** Samples the terminal's <video> on a canvas: how many of 64 sampled pixels are not black, and the frame size. */
export function terminalPixels(page: Page): Promise<{ width: number; height: number; lit: number }> {
  return page.evaluate(() => {
    const video = document.querySelector('gs-terminal')?.video;
    if (!video || !video.videoWidth) return { width: 0, height: 0, lit: 0 };
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(video, 0, 0);
    let lit = 0;
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) {
        const [r, gr, b] = g.getImageData(((i + 0.5) * canvas.width) / 8, ((j + 0.5) * canvas.height) / 8, 1, 1).data;
        if (r + gr + b > 48) lit++;
      }
    }
    return { width: canvas.width, height: canvas.height, lit };
  });
}

/**
 * Collects the frames the terminal page's `<gs-terminal>` receives and sends (its `terminal-frame` events), each as
 * `in <text>` or `out <text>`, into the array returned (filled as they come).
 */
export async function recordTerminalFrames(page: Page): Promise<string[]> {
  const frames: string[] = [];
  await page.exposeFunction('recordTerminalFrame', (line: string) => frames.push(line));
  await page.evaluate(() =>
    document.querySelector('gs-terminal')!.addEventListener('terminal-frame', (e) => {
      const { direction, text } = (e as CustomEvent<{ direction: string; text: string }>).detail;
      (window as unknown as { recordTerminalFrame: (l: string) => void }).recordTerminalFrame(`${direction} ${text}`);
    }),
  );
  return frames;
}

/**
 * The mimeType (`video/H264`) of the codec of the page's inbound video that decoded frames: the terminal's
 * (`<gs-terminal>`'s peer connection) or a device stand-in's (`window.standInPc`); undefined before any frame.
 */
export function inboundVideoCodec(page: Page, of: 'terminal' | 'standIn'): Promise<string | undefined> {
  return page.evaluate(async (of) => {
    const pc =
      of === 'terminal'
        ? document.querySelector('gs-terminal')?.peerConnection
        : (window as unknown as { standInPc?: RTCPeerConnection }).standInPc;
    if (!pc) return undefined;
    const stats = await pc.getStats();
    let codec: string | undefined;
    stats.forEach((s: { type: string; kind?: string; codecId?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && s.framesDecoded && s.codecId) codec = (stats.get(s.codecId) as { mimeType: string }).mimeType;
    });
    return codec;
  }, of);
}
