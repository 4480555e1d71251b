/**
 * Helpers of the share-quality e2e tests and bench/presets.ts: a 1920×1080 sharer page (the fake screen capture
 * follows the page's screen size, so 1080p presets can be tested), and the terminal's received stats by role.
 */
import type { Page } from 'playwright-core';
import type { Harness } from './harness.js';

/** Opens the demo sharer in a 1920×1080 window. */
export async function openWideSharer(h: Harness, query: string): Promise<Page> {
  const context = await h.browser.newContext({ viewport: { width: 1920, height: 1080 } });
  h.contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] sharer: ${error.message}`));
  await page.goto(`${h.origin}/${query}`);
  return page;
}

/** One role's inbound-rtp at the terminal. */
export interface Received {
  width: number;
  height: number;
  framesDecoded: number;
  bytes: number;
  at: number;
}

/** The terminal's inbound-rtp by wire mid ('0' audio, '1' main, '2' slides). */
export function terminalInbound(page: Page): Promise<Record<string, Received>> {
  return page.evaluate(async () => {
    const pc = document.querySelector('gs-terminal')?.peerConnection;
    const out: Record<string, { width: number; height: number; framesDecoded: number; bytes: number; at: number }> = {};
    if (!pc) return out;
    (await pc.getStats()).forEach((s: { type: string; mid?: string; frameWidth?: number; frameHeight?: number; framesDecoded?: number; bytesReceived?: number; timestamp: number }) => {
      if (s.type !== 'inbound-rtp' || s.mid === undefined) return;
      out[s.mid] = { width: s.frameWidth ?? 0, height: s.frameHeight ?? 0, framesDecoded: s.framesDecoded ?? 0, bytes: s.bytesReceived ?? 0, at: s.timestamp };
    });
    return out;
  });
}

/** Resolution, fps and kbps of one mid at the terminal over `ms` (two readings). */
export async function measure(page: Page, mid: string, ms: number): Promise<{ width: number; height: number; fps: number; kbps: number }> {
  const a = (await terminalInbound(page))[mid];
  await new Promise((r) => setTimeout(r, ms));
  const b = (await terminalInbound(page))[mid];
  if (!a || !b) return { width: 0, height: 0, fps: 0, kbps: 0 };
  const seconds = (b.at - a.at) / 1000;
  return {
    width: b.width,
    height: b.height,
    fps: Math.round(((b.framesDecoded - a.framesDecoded) / seconds) * 10) / 10,
    kbps: Math.round(((b.bytes - a.bytes) * 8) / 1000 / seconds),
  };
}

/**
 * Frames the sharer's screen capture delivered so far (the slides track's media-source `frames`), with the stats
 * timestamp: what the encoder had to work with, whatever the preset asked for.
 */
export function captureFrames(page: Page): Promise<{ frames: number; at: number }> {
  return page.evaluate(async () => {
    const pc = document.querySelector('gs-screen-share')?.peerConnection;
    const track = pc?.getTransceivers()[2]?.sender.track;
    let out = { frames: 0, at: 0 };
    if (!pc || !track) return out;
    (await pc.getStats()).forEach((s: { type: string; trackIdentifier?: string; frames?: number; timestamp: number }) => {
      if (s.type === 'media-source' && s.trackIdentifier === track.id) out = { frames: s.frames ?? 0, at: s.timestamp };
    });
    return out;
  });
}

/** {@link measure} at the terminal, and the capture's frame rate at the sharer over the same window, in fps. */
export async function measureWithCapture(
  terminal: Page,
  sharer: Page,
  mid: string,
  ms: number,
): Promise<{ width: number; height: number; fps: number; kbps: number; captureFps: number }> {
  const [figures, a] = await Promise.all([measure(terminal, mid, ms), captureFrames(sharer)]);
  const b = await captureFrames(sharer);
  const seconds = (b.at - a.at) / 1000;
  return { ...figures, captureFps: seconds > 0 ? Math.round(((b.frames - a.frames) / seconds) * 10) / 10 : 0 };
}
