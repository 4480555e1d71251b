/**
 * The SFU tests' Janus: Debian's `/usr/bin/janus` started with the project's configuration (scripts/janus.mjs) on
 * a free loopback port, and the e2e harness's server in SFU mode pointed at it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startJanus, type RunningJanus } from '../../../scripts/janus.mjs';
import { startHarness, type Harness } from './harness.js';
import type { ServerOptions } from '../../../src/server/server.js';

export type { RunningJanus };
export { startJanus };

/** Janus plus the harness (server in SFU mode, Chromium). `close()` ends both. */
export async function startSfuHarness(options: ServerOptions = {}): Promise<{ h: Harness; janus: RunningJanus; recDir: string; close(): Promise<void> }> {
  const janus = await startJanus({ rtpPortRange: '21000-22999' });
  const recDir = mkdtempSync(path.join(tmpdir(), 'gs-rec-'));
  const h = await startHarness({ ...options, sfu: { url: janus.url, adminKey: janus.adminKey, recDir } });
  const env = {
    h,
    janus,
    async close() {
      await h.close();
      await env.janus.stop();
      // GS_KEEP_REC=1 keeps the recordings folder, to look at the .mjr files (janus-pp-rec --header / --parse).
      if (!process.env.GS_KEEP_REC) rmSync(recDir, { recursive: true, force: true });
    },
    recDir,
  };
  return env;
}

/**
 * Keeps the fake camera small (320×240 at 15 fps) for pages of these tests: six Chromium pages encoding three
 * simulcast layers each on two cores.
 */
export function smallCamera(page: Page): Promise<void> {
  return page.evaluate(() => {
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c?: MediaStreamConstraints) =>
      original({ ...c, video: c?.video ? { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15, max: 15 } } : false });
  });
}

/** Counts the RTCPeerConnections the page creates from now on (window.pcCount; window.pcOpen() those not closed). */
export function countPeerConnections(page: Page): Promise<void> {
  return page.evaluate(() => {
    const Original = window.RTCPeerConnection;
    const w = window as unknown as { pcCount: number; pcOpen: () => number; pcs: RTCPeerConnection[] };
    w.pcCount = 0;
    w.pcs = [];
    w.pcOpen = () => w.pcs.filter((pc) => pc.connectionState !== 'closed' && pc.signalingState !== 'closed').length;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        w.pcCount += 1;
        w.pcs.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}
