/**
 * Pauses the preview `<video>` (part `preview`) while nobody can see it: the page is hidden (another tab, a
 * minimised window: `document.visibilityState`), the video is out of view or not rendered (scrolled away, inside a
 * hidden container, or `hide-preview`: an IntersectionObserver on the video), and plays it again once it is seen.
 * A paused preview keeps its last picture, so it never shows black; the sent track is not touched, so the terminal
 * gets every frame of the share either way. Playing it costs the page and the browser's compositor every frame of
 * the preview (bench:cpu `--ablate no-preview`, docs/performance.md "CPU while presenting").
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class PreviewPause implements ReactiveController {
  private video: HTMLVideoElement | null = null;
  private observer: IntersectionObserver | null = null;
  /** Whether the video is in view, as its IntersectionObserver last said (false until it says). */
  private inView = false;

  /** `find` returns the preview `<video>` of the host's last render (null when there is none). */
  constructor(
    host: ReactiveControllerHost,
    private readonly find: () => HTMLVideoElement | null,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.sync);
    if (this.video) this.watch(this.video);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.sync);
    this.observer?.disconnect();
    this.observer = null;
  }

  hostUpdated(): void {
    const video = this.find();
    if (video !== this.video) {
      this.video?.removeEventListener('play', this.sync);
      this.observer?.disconnect();
      this.video = video;
      this.inView = false;
      if (video) {
        // autoplay starts the video whenever a new stream arrives; a video nobody sees is paused again at once.
        video.addEventListener('play', this.sync);
        this.watch(video);
      }
    }
    this.sync();
  }

  private watch(video: HTMLVideoElement): void {
    if (typeof IntersectionObserver !== 'function') {
      this.inView = true;
      return;
    }
    this.observer = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1];
      if (last) this.inView = last.isIntersecting;
      this.sync();
    });
    this.observer.observe(video);
  }

  private readonly sync = (): void => {
    const video = this.video;
    if (!video || !video.srcObject) return;
    const seen = this.inView && document.visibilityState !== 'hidden';
    if (seen && video.paused) video.play().catch(() => {});
    else if (!seen && !video.paused) video.pause();
  };
}
