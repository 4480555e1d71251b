/**
 * The preview of a shared screen: its video track cloned and scaled down at the source, to at most
 * PREVIEW_MAX_WIDTH × PREVIEW_MAX_HEIGHT px at PREVIEW_MAX_FPS fps (applyConstraints on the clone only; the captured
 * track and what the terminal receives keep the preset's size and rate). The preview is shown at most 28rem wide;
 * handing it the full 1080p capture made the page and the browser's compositor take every full frame, which
 * bench:cpu measured at ~2 s/min in the page's renderer and ~3 s/min in the GPU process, the largest thing
 * presenting cost beyond raw WebRTC (docs/performance.md "CPU while presenting").
 *
 * `PreviewStream.for(capture)` returns the preview of `capture` (the same MediaStream while `capture` stays the
 * same), and stops the clone of the previous capture when it changes; `stop()` stops the current one. A clone left
 * running would keep the screen capture alive after the share ends, so it also stops when the host leaves the page.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Largest preview width, in px. */
export const PREVIEW_MAX_WIDTH = 640;
/** Largest preview height, in px. */
export const PREVIEW_MAX_HEIGHT = 360;
/** Highest preview frame rate, in fps. */
export const PREVIEW_MAX_FPS = 5;

export class PreviewStream implements ReactiveController {
  private source: MediaStream | null = null;
  private preview: MediaStream | null = null;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The host left the page: its preview stops with it. */
  hostDisconnected(): void {
    this.stop();
  }

  /** The preview of `capture` (null for none). */
  for(capture: MediaStream | null): MediaStream | null {
    if (capture === this.source) return this.preview;
    this.stop();
    this.source = capture;
    if (!capture || typeof capture.getVideoTracks !== 'function' || !capture.getVideoTracks().every((t) => typeof t.clone === 'function')) {
      this.preview = capture;
      return capture;
    }
    const tracks = capture.getVideoTracks().map((track) => {
      const clone = track.clone();
      clone
        .applyConstraints({ width: { max: PREVIEW_MAX_WIDTH }, height: { max: PREVIEW_MAX_HEIGHT }, frameRate: { max: PREVIEW_MAX_FPS } })
        .catch(() => {
          /* a source that cannot be scaled is previewed as it is */
        });
      // When the capture ends on its own (the browser's "Stop sharing"), so does its preview.
      track.addEventListener('ended', () => clone.stop(), { once: true });
      return clone;
    });
    this.preview = new MediaStream(tracks);
    return this.preview;
  }

  /** Stops the current preview's tracks. */
  stop(): void {
    if (this.preview && this.preview !== this.source) for (const track of this.preview.getTracks()) track.stop();
    this.source = null;
    this.preview = null;
  }
}
