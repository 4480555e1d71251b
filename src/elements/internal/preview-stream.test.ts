// PreviewStream against real canvas-capture tracks: the preview is a clone asked for a small size and rate, and it
// never outlives its capture or its host.
import { expect } from '@open-wc/testing';
import { PREVIEW_MAX_FPS, PREVIEW_MAX_HEIGHT, PREVIEW_MAX_WIDTH, PreviewStream } from './preview-stream.js';

/** A real video track from a canvas, 1920×1080 as a 1080p screen capture would be. */
function capture(): MediaStream {
  const canvas = document.createElement('canvas');
  canvas.width = 1920;
  canvas.height = 1080;
  canvas.getContext('2d')!.fillRect(0, 0, 10, 10);
  return canvas.captureStream(15);
}

/** A host for the controller, as Lit's ReactiveControllerHost. */
function host() {
  const controllers: { hostDisconnected?(): void }[] = [];
  return {
    addController: (c: { hostDisconnected?(): void }) => controllers.push(c),
    removeController() {},
    requestUpdate() {},
    updateComplete: Promise.resolve(true),
    disconnect: () => controllers.forEach((c) => c.hostDisconnected?.()),
  };
}

describe('PreviewStream', () => {
  it('previews a clone of the capture, asked for at most the preview size and rate, the same stream while the capture stays', async () => {
    const source = capture();
    const preview = new PreviewStream(host());
    const shown = preview.for(source)!;
    expect(shown).to.not.equal(source);
    expect(preview.for(source)).to.equal(shown);
    const [clone] = shown.getVideoTracks();
    expect(clone.id).to.not.equal(source.getVideoTracks()[0].id);
    expect(clone.readyState).to.equal('live');
    // applyConstraints settles asynchronously.
    for (let i = 0; i < 50 && !('width' in clone.getConstraints()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(clone.getConstraints()).to.deep.include({ width: { max: PREVIEW_MAX_WIDTH }, height: { max: PREVIEW_MAX_HEIGHT }, frameRate: { max: PREVIEW_MAX_FPS } });
    expect(source.getVideoTracks()[0].getConstraints()).to.deep.equal({});
    source.getTracks().forEach((t) => t.stop());
    preview.stop();
  });

  it('stops the clone when the capture goes, changes, or the host leaves the page; the capture itself is not touched', () => {
    const h = host();
    const preview = new PreviewStream(h);
    const first = capture();
    const a = preview.for(first)!.getVideoTracks()[0];
    expect(preview.for(null)).to.equal(null);
    expect(a.readyState).to.equal('ended');
    expect(first.getVideoTracks()[0].readyState).to.equal('live');

    const b = preview.for(first)!.getVideoTracks()[0];
    const second = capture();
    const c = preview.for(second)!.getVideoTracks()[0];
    expect(b.readyState).to.equal('ended');
    expect(c.readyState).to.equal('live');
    h.disconnect();
    expect(c.readyState).to.equal('ended');
    for (const s of [first, second]) s.getTracks().forEach((t) => t.stop());
  });

  it('passes a stream it cannot clone through as it is', () => {
    const fake = { getVideoTracks: () => [{ kind: 'video' }], getTracks: () => [] } as unknown as MediaStream;
    const preview = new PreviewStream(host());
    expect(preview.for(fake)).to.equal(fake);
    preview.stop();
  });
});
