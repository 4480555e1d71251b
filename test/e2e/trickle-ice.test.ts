/**
 * Trickle ICE through updateCandidate (issue 3): every mix of a trickling and a complete-SDP page and terminal
 * connects and decodes, and candidates that arrive before the remote description are buffered, not lost.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { carriesCandidate } from '../../src/protocol/index.js';
import { startHarness, terminalFramesDecoded, until, type Harness } from './support/harness.js';

let h: Harness;
let n = 0;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

for (const [pageTrickles, terminalTrickles] of [
  [true, true],
  [true, false],
  [false, true],
] as const) {
  test(`page ${pageTrickles ? 'trickles' : 'sends complete SDP'}, terminal ${terminalTrickles ? 'trickles' : 'sends complete SDP'}: screen decodes`, async () => {
    const id = `e2e-trickle-${++n}`;
    const terminal = await h.open(`/terminal.html?id=${id}${terminalTrickles ? '&trickle=1' : ''}`);
    assert.ok(await until(() => terminal.evaluate(() => document.querySelector('gs-terminal')!.state === 'online')));
    await terminal.evaluate(() => {
      const frames: string[] = [];
      Object.assign(window, { frames });
      document.querySelector('gs-terminal')!.addEventListener('terminal-frame', (e) => frames.push((e as CustomEvent).detail.direction + ' ' + (e as CustomEvent).detail.text));
    });
    const sharer = await h.open(`/?id=${id}${pageTrickles ? '&trickle=1' : ''}`);
    assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.call())).code, 200);
    assert.equal((await sharer.evaluate(() => document.querySelector('gs-screen-share')!.beginScreen())).code, 200);
    assert.ok(await until(async () => (await terminalFramesDecoded(terminal)) >= 30, 15_000), 'frames decode');
    const frames = await terminal.evaluate(() => (window as unknown as { frames: string[] }).frames);
    const received = frames.filter((f) => f.startsWith('in {"updateCandidate"')).length;
    const sent = frames.filter((f) => f.startsWith('out {"updateCandidate"')).length;
    const offer = frames.find((f) => f.startsWith('in {"createMediaSession"'))!;
    if (pageTrickles) {
      // The offer goes out as soon as the socket is open, with the candidates gathered by then; the rest trickle,
      // none of them twice (TCP candidates and the end of candidates always come after the offer).
      assert.ok(received >= 1, `the terminal received ${received} trickled candidates`);
      const trickled = frames
        .filter((f) => f.startsWith('in {"updateCandidate"'))
        .map((f) => (JSON.parse(f.slice(3)) as { updateCandidate: { candidate: { candidate: string } } }).updateCandidate.candidate.candidate)
        .filter((c) => c !== '');
      const offered = (JSON.parse(offer.slice(3)) as { createMediaSession: { sdp: { data: string } } }).createMediaSession.sdp.data;
      const offeredCandidates = offered.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
      for (const c of trickled) assert.ok(!carriesCandidate(offered, c), `trickled again although the offer carries it: ${c}`);
      // The offer waits for the burst of host candidates (src/protocol/trickle-gate.ts), so on loopback it carries them.
      assert.ok(offeredCandidates.some((c) => / udp /i.test(c)), 'the trickle offer carries the UDP host candidates');
    } else {
      assert.equal(received, 0);
      assert.match(offer, /a=candidate/, 'complete SDP carries its candidates');
    }
    if (terminalTrickles) {
      assert.ok(sent >= 1, `the terminal trickled ${sent} candidates (at least the end of candidates)`);
      // Its answer leaves with its host candidates in it, and none of them is trickled again.
      const answered = (JSON.parse(frames.find((f) => f.startsWith('out {"createMediaSessionRet"'))!.slice(4)) as { createMediaSessionRet: { sdp: { data: string } } }).createMediaSessionRet.sdp.data;
      assert.match(answered, /\r\na=candidate:\S+ \d+ udp /i, 'the trickle answer carries the UDP host candidates');
      const trickledOut = frames
        .filter((f) => f.startsWith('out {"updateCandidate"'))
        .map((f) => (JSON.parse(f.slice(4)) as { updateCandidate: { candidate: { candidate: string } } }).updateCandidate.candidate.candidate)
        .filter((c) => c !== '');
      for (const c of trickledOut) assert.ok(!carriesCandidate(answered, c), `trickled again although the answer carries it: ${c}`);
    }
    else assert.equal(sent, 0);
    await sharer.evaluate(() => document.querySelector('gs-screen-share')!.hangUp());
  });
}
