// The srcObject directive against a real <video> and a real MediaStream (a canvas capture): renders that keep the
// same stream never restart the media element; a new stream, or none, does.
import { expect, fixture } from '@open-wc/testing';
import { html, LitElement, render } from 'lit';
import { srcObject } from './src-object.js';
import { canvasStream } from '../../../test/support/canvas-stream.js';

describe('srcObject()', () => {
  let streams: MediaStream[] = [];
  afterEach(() => { for (const s of streams) for (const t of s.getTracks()) t.stop(); streams = []; });

  it('assigns the stream once however often the template renders, and again only when it changes', async () => {
    const host = await fixture<HTMLDivElement>(document.createElement('div'));
    const a = canvasStream();
    const b = canvasStream();
    streams.push(a, b);
    const view = (stream: MediaStream | null, tick: number) =>
      html`<video muted autoplay playsinline data-tick=${tick} ${srcObject(stream)}></video>`;
    render(view(a, 0), host);
    const video = host.querySelector('video')!;
    let loadstarts = 0;
    video.addEventListener('loadstart', () => loadstarts++);
    // The first assignment's loadstart is queued as a task: let it fire before counting re-renders.
    await new Promise((r) => setTimeout(r, 200));
    loadstarts = 0;
    await new Promise<void>((r) => video.requestVideoFrameCallback(() => r()));
    const before = video.currentTime;
    for (let tick = 1; tick <= 10; tick++) {
      render(view(a, tick), host);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(video.srcObject).to.equal(a);
    expect(loadstarts).to.equal(0);
    expect(video.currentTime).to.be.at.least(before);
    render(view(b, 11), host);
    render(view(b, 12), host);
    await new Promise((r) => setTimeout(r, 100));
    expect(video.srcObject).to.equal(b);
    expect(loadstarts).to.equal(1);
    render(view(null, 13), host);
    render(view(undefined as unknown as null, 14), host);
    expect(video.srcObject).to.equal(null);
  });

  it('refuses a binding that is not on an element', () => {
    const host = document.createElement('div');
    expect(() => render(html`<p>${srcObject(null)}</p>`, host)).to.throw(TypeError);
  });

  it('a Lit element that re-renders every 20 ms keeps one playing video', async () => {
    class Ticker extends LitElement {
      static override properties = { tick: { type: Number } };
      tick = 0;
      stream: MediaStream | null = null;
      override render() { return html`<span>${this.tick}</span><video muted autoplay playsinline ${srcObject(this.stream)}></video>`; }
    }
    customElements.define('src-object-ticker', Ticker);
    const el = document.createElement('src-object-ticker') as Ticker;
    el.stream = canvasStream();
    streams.push(el.stream);
    await fixture(el);
    const video = el.shadowRoot!.querySelector('video')!;
    await new Promise((r) => setTimeout(r, 200));
    let loadstarts = 0;
    video.addEventListener('loadstart', () => loadstarts++);
    for (let i = 0; i < 15; i++) { el.tick++; await el.updateComplete; await new Promise((r) => setTimeout(r, 20)); }
    expect(loadstarts).to.equal(0);
  });
});
