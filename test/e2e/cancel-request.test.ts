/**
 * cancelRequest end to end (PROTOCOL.md "Cancel"): the page's user ends the capture after ctrlPresentation(1) and
 * before its reply; the page sends cancelRequest; whichever of cancelRequestRet and ctrlPresentationRet(489) the
 * terminal sends first, the page ends back in connected with the capture released.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, until, type Harness } from './support/harness.js';

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

for (const order of ['cancelFirst', 'ctrlFirst'] as const) {
  test(`capture ended before the terminal answers, replies ${order === 'cancelFirst' ? 'cancelRequestRet first' : 'ctrlPresentationRet(489) first'}`, async () => {
    const id = `e2e-cancel-${order}`;
    const terminal = await h.open(`/terminal.html?id=${id}&confirm=1&cancel=${order}`);
    assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
    const frames: string[] = [];
    await terminal.exposeFunction('recordFrame', (text: string) => frames.push(text));
    await terminal.evaluate(() =>
      document.querySelector('gs-terminal')!.addEventListener('terminal-frame', (e) =>
        (window as unknown as { recordFrame: (t: string) => void }).recordFrame(`${(e as CustomEvent).detail.direction} ${(e as CustomEvent).detail.text}`),
      ),
    );
    const sharer = await h.open(`/?id=${id}`);
    assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
    await sharer.evaluate(() => {
      const el = document.querySelector('gs-screen-share')!;
      Object.assign(window, { begun: el.beginScreen() });
    });
    assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.presentationRequested)), 'the terminal holds the request');
    // The user ends the capture with the browser's own control while the terminal has not answered.
    await sharer.evaluate(() => {
      const track = document.querySelector('gs-screen-share')!.localStream!.getVideoTracks()[0];
      Object.assign(window, { track });
      track.stop();
      track.dispatchEvent(new Event('ended'));
    });
    const begun = await sharer.evaluate(() => (window as unknown as { begun: Promise<{ code: number }> }).begun);
    assert.equal(begun.code, 489);
    assert.ok(await until(async () => (await sharer.evaluate(() => document.querySelector('gs-screen-share')!.state)) === 'connected'));
    assert.equal(await sharer.evaluate(() => (window as unknown as { track: MediaStreamTrack }).track.readyState), 'ended');
    assert.ok(await until(async () => frames.filter((f) => f.startsWith('out ')).length >= 2));
    const replies = frames.filter((f) => f.startsWith('out ')).map((f) => Object.keys(JSON.parse(f.slice(4)))[0]);
    const expected = order === 'cancelFirst' ? ['cancelRequestRet', 'ctrlPresentationRet'] : ['cancelRequestRet', 'ctrlPresentationRet'].reverse();
    assert.deepEqual(replies.slice(-2), expected);
    const cancel = JSON.parse(frames.find((f) => f.startsWith('in {"cancelRequest"'))!.slice(3));
    const ctrl = JSON.parse(frames.find((f) => f.startsWith('in {"ctrlPresentation"'))!.slice(3));
    assert.equal(cancel.cancelRequest.cancelReqId, ctrl.ctrlPresentation.reqId);
    assert.equal(cancel.cancelRequest.cancelReqCmd, 'ctrlPresentation');
    // The call goes on: a new presentation, accepted this time, works.
    await sharer.evaluate(() => Object.assign(window, { again: document.querySelector('gs-screen-share')!.beginScreen() }));
    assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.presentationRequested)));
    await terminal.evaluate(() => document.querySelector('gs-terminal')!.acceptPresentation());
    assert.equal((await sharer.evaluate(() => (window as unknown as { again: Promise<{ code: number }> }).again)).code, 200);
  });
}
