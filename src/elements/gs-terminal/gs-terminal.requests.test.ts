// <gs-terminal> answering and making requests, against a real <gs-screen-share> through the real signalling server:
// a held request to present declined (the page hears 403 and releases its capture) or accepted; the terminal asking
// the page to present (accepted, refused) and to stop. Each test sets up its own terminal and page.
import { expect, fixture, html } from '@open-wc/testing';
import '../gs-screen-share/gs-screen-share.js';
import type { GsScreenShare } from '../gs-screen-share/gs-screen-share.js';
import type { GsTerminal } from './gs-terminal.js';
import { realTerminal, until } from '../../../test/support/browser-terminal.js';

/** A terminal (set up by `setup`) and a page in a call with it; `presentations` records presentation-change. */
async function inCall(setup: (t: GsTerminal) => void = () => {}) {
  const presentations: { presenting: boolean; requested: boolean }[] = [];
  const { terminal, address, remove } = await realTerminal((t) => {
    setup(t);
    t.addEventListener('presentation-change', (e) => presentations.push({ presenting: e.detail.presenting, requested: e.detail.requested }));
  });
  const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
  expect((await el.call(address)).code, 'set-up: call').to.equal(200);
  return { terminal, el, presentations, remove };
}

describe('<gs-terminal> requests', () => {
  it('declinePresentation: the held request is answered 403, the page stays connected and releases its capture', async function () {
    this.timeout(40_000);
    const { terminal, el, presentations, remove } = await inCall((t) => (t.confirmPresentation = true));
    try {
      const presenting = el.beginScreen();
      expect(await until(() => terminal.presentationRequested), 'the request is held').to.equal(true);
      const track = await until(() => el.localStream?.getVideoTracks()[0]);
      expect((await terminal.declinePresentation()).code).to.equal(200);
      expect((await presenting).code).to.equal(403);
      expect(await until(() => el.state === 'connected')).to.equal(true);
      expect(track!.readyState, 'the capture is stopped').to.equal('ended');
      expect([terminal.presenting, terminal.presentationRequested]).to.deep.equal([false, false]);
      expect(presentations.some((p) => p.requested), 'presentation-change told of the held request').to.equal(true);
      expect(presentations.at(-1)).to.deep.equal({ presenting: false, requested: false });
      expect((await terminal.declinePresentation()).code, 'nothing held any more').to.equal(106);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('acceptPresentation: the held request is answered 200 and the terminal shows the screen', async function () {
    this.timeout(40_000);
    const { terminal, el, presentations, remove } = await inCall((t) => (t.confirmPresentation = true));
    try {
      const presenting = el.beginScreen();
      expect(await until(() => terminal.presentationRequested)).to.equal(true);
      expect((await terminal.acceptPresentation()).code).to.equal(200);
      expect((await presenting).code).to.equal(200);
      expect(await until(() => terminal.presenting && (terminal.video?.readyState ?? 0) >= 2, 15_000), 'the screen plays').to.equal(true);
      expect(presentations.at(-1)).to.deep.equal({ presenting: true, requested: false });
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('requestPresentation: the page asked agrees (200) and presents; asked again and refusing, 403', async function () {
    this.timeout(40_000);
    const { terminal, el, remove } = await inCall();
    try {
      const once = new Promise<void>((resolve) =>
        el.addEventListener('shareScreenRequest', (e) => (e.detail.accept(), resolve()), { once: true }),
      );
      expect((await terminal.requestPresentation()).code).to.equal(200);
      await once;
      expect(await until(() => el.state === 'presenting' && terminal.presenting, 15_000), 'presenting on both sides').to.equal(true);
      expect((await el.stopScreen()).code).to.equal(200);
      expect(await until(() => !terminal.presenting)).to.equal(true);
      el.addEventListener('shareScreenRequest', (e) => e.preventDefault(), { once: true });
      expect((await terminal.requestPresentation()).code).to.equal(403);
      expect([el.state, terminal.presenting]).to.deep.equal(['connected', false]);
      await el.hangUp();
    } finally {
      remove();
    }
  });

  it('requestStopPresentation while the page presents: it agrees, stops (200), and both sides show no presentation', async function () {
    this.timeout(40_000);
    const { terminal, el, presentations, remove } = await inCall();
    try {
      expect((await el.beginScreen()).code).to.equal(200);
      expect(await until(() => terminal.presenting, 10_000)).to.equal(true);
      el.addEventListener('stopShareScreenRequest', (e) => e.detail.accept(), { once: true });
      expect((await terminal.requestStopPresentation()).code).to.equal(200);
      expect(await until(() => el.state === 'connected' && !terminal.presenting)).to.equal(true);
      expect(el.localStream).to.equal(null);
      expect(presentations.at(-1)?.presenting).to.equal(false);
      await el.hangUp();
    } finally {
      remove();
    }
  });
});
