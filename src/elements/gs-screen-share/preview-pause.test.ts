// PreviewPause in a real Lit element with a real <video> playing a real canvas capture: the preview plays while it
// can be seen, and is paused (keeping its picture) when it is scrolled out of view, hidden, or the page is hidden.
import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { LitElement, html } from 'lit';
import { until } from '../../../test/support/browser-terminal.js';
import { canvasStream } from '../../../test/support/canvas-stream.js';
import { srcObject } from '../internal/src-object.js';
import { PreviewPause } from './preview-pause.js';

class PreviewPauseHost extends LitElement {
  static override properties = { stream: { attribute: false }, hidePreview: { type: Boolean } };
  stream: MediaStream | null = null;
  hidePreview = false;
  readonly pause = new PreviewPause(this, () => this.renderRoot?.querySelector('video') ?? null);
  override render() {
    return html`<video muted autoplay playsinline style="width: 320px; height: 180px" ${srcObject(this.stream)} ?hidden=${!this.stream || this.hidePreview}></video>`;
  }
}
customElements.define('preview-pause-host', PreviewPauseHost);

const capture = () => canvasStream(320, 180, 20);

const video = (el: PreviewPauseHost) => el.shadowRoot!.querySelector('video')!;

/** Overrides document.visibilityState (headless pages are always visible) and says so as the browser would. */
function pageVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('PreviewPause', () => {
  let stream: MediaStream;
  beforeEach(() => (stream = capture()));
  afterEach(() => {
    stream.getTracks().forEach((t) => t.stop());
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  it('plays while in view; paused when hidden or scrolled out of view, playing again when seen', async () => {
    const page = await fixture<HTMLDivElement>(fixtureHtml`<div style="height: 300px; overflow: auto"><preview-pause-host></preview-pause-host><div style="height: 2000px"></div></div>`);
    const el = page.querySelector<PreviewPauseHost>('preview-pause-host')!;
    el.stream = stream;
    await el.updateComplete;
    expect(await until(() => !video(el).paused && video(el).currentTime > 0), 'plays in view').to.equal(true);

    el.hidePreview = true;
    await el.updateComplete;
    expect(await until(() => video(el).paused), 'paused while hidden').to.equal(true);
    el.hidePreview = false;
    await el.updateComplete;
    expect(await until(() => !video(el).paused), 'plays when shown again').to.equal(true);

    page.scrollTop = 1500;
    expect(await until(() => video(el).paused), 'paused out of view').to.equal(true);
    page.scrollTop = 0;
    expect(await until(() => !video(el).paused), 'plays back in view').to.equal(true);
  });

  it('paused while the page is hidden, a new stream included; playing again when the page is shown', async () => {
    const el = await fixture<PreviewPauseHost>(fixtureHtml`<preview-pause-host></preview-pause-host>`);
    el.stream = stream;
    await el.updateComplete;
    expect(await until(() => !video(el).paused), 'plays').to.equal(true);
    pageVisibility('hidden');
    expect(await until(() => video(el).paused), 'paused with the page hidden').to.equal(true);
    // A new capture while hidden: autoplay starts it, and it is paused again.
    const next = capture();
    let autoplayed = false;
    video(el).addEventListener('play', () => (autoplayed = true), { once: true });
    el.stream = next;
    await el.updateComplete;
    expect(await until(() => autoplayed), 'autoplay started the new stream').to.equal(true);
    expect(await until(() => video(el).paused), 'and it is paused again').to.equal(true);
    pageVisibility('visible');
    expect(await until(() => !video(el).paused), 'plays with the page shown').to.equal(true);
    next.getTracks().forEach((t) => t.stop());
  });
});
