// What a real <gs-video-call> (on the real signalling server) answers a wrong step with: bad input (300 bad room
// name, 400 bad login), 481 not signed in / no such member / nothing ringing, 487 a call while in a call, and a
// call to someone already in a call ending as busy. Each promise resolves its code, each code ≥ 300 fires one
// `error` (not bubbling) with the same { code, message } and nothing else, the status line says it, in the page's
// language (lang on the element, on an ancestor, or <html lang>; zh and ru as shipped in messages.{zh,ru}.ts).
import { expect } from '@open-wc/testing';
import './gs-video-call.js';
import type { GsVideoCall } from './gs-video-call.js';
import { freshRoom, reachState, signallingOrigin } from '../../../test/support/live-room.js';
import { callMember, connect, lobbyOf, part, record, roomStats, statusText, until, type CallMember } from '../../../test/support/video-call.js';
import { en } from './messages.en.js';
import { zh } from './messages.zh.js';
import { ru } from './messages.ru.js';

const tables = { en, zh, ru } as const;
type Lang = keyof typeof tables;
/** The status line a person reads in `lang`: the state, then "Error CODE: sentence" (room-text.ts). */
const failureLine = (lang: Lang, state: string, code: number) =>
  `${tables[lang][`call.state.${state}` as keyof typeof en]} — ${tables[lang]['room.failure'].replace('{code}', String(code)).replace('{text}', tables[lang][`room.code.${code}` as keyof typeof en])}`;

describe('<gs-video-call> errors: codes, events and the status line', () => {
  const els: GsVideoCall[] = [];
  let bubbled: string[] = [];
  const onBodyError = (e: Event) => bubbled.push(e.type);

  beforeEach(() => document.body.addEventListener('error', onBodyError));
  afterEach(() => {
    document.body.removeEventListener('error', onBodyError);
    bubbled = [];
    for (const el of els.splice(0)) el.remove();
    document.documentElement.lang = 'en';
  });

  async function offline(setup: (el: GsVideoCall) => void = () => {}, parent: HTMLElement = document.body): Promise<CallMember> {
    const el = document.createElement('gs-video-call');
    el.server = await signallingOrigin();
    setup(el);
    parent.append(el);
    els.push(el);
    await el.updateComplete;
    return record(el);
  }

  /** Alice, Bob and Carol in a fresh lobby (removed after the test). */
  async function three(prefix: string) {
    const members = await lobbyOf(prefix, 'Alice', 'Bob', 'Carol');
    els.push(...members.map((m) => m.el));
    return members;
  }

  async function member(lobby: string, name: string, lang?: Lang): Promise<CallMember> {
    const m = await callMember(lobby, name, (el) => lang && (el.lang = lang));
    els.push(m.el);
    return m;
  }

  it('bad input: 300 bad room name, 400 empty / blank / 65-character login; offline, nothing sent to the server', async () => {
    const before = await roomStats();
    const m = await offline();
    const lobby = freshRoom('wtr-call-err');
    const cases: [string, string, number][] = [
      ['bad name', 'Ann', 300],
      ['', 'Ann', 300],
      ['x'.repeat(65), 'Ann', 300],
      ['a/b', 'Ann', 300],
      [lobby, '', 400],
      [lobby, '   ', 400],
      [lobby, 'x'.repeat(65), 400],
    ];
    for (const [room, name, code] of cases) {
      const result = await m.el.join(room, name);
      expect(result.code, `join(${JSON.stringify(room)}, ${JSON.stringify(name)})`).to.equal(code);
      expect(m.errors.at(-1), 'error carries the same result').to.deep.equal(result);
      await m.el.updateComplete;
      expect(statusText(m.el)).to.equal(failureLine('en', 'offline', code));
    }
    expect(m.log, 'one error each, no joined, no state-change').to.deep.equal(cases.map(([, , code]) => `error ${code}`));
    expect(m.el.state).to.equal('offline');
    expect(bubbled, 'error does not bubble').to.deep.equal([]);
    expect((await roomStats()).members, 'no member on the server').to.equal(before.members);
    // 64 characters are a good login name and room name.
    expect((await m.el.join('r'.repeat(60) + lobby.slice(-4), 'y'.repeat(64))).code).to.equal(200);
    expect(m.log.slice(-2)).to.deep.equal(['state-change offline>idle', 'joined 200']);
    await m.el.updateComplete;
    expect(statusText(m.el), 'a success clears the failure').to.equal('Ready: call someone');
  });

  it('not signed in: call, accept, decline, hangUp, leave and setMuted resolve 481 and fire error', async () => {
    const m = await offline();
    const results = [await m.el.call('someone'), await m.el.accept(), await m.el.decline(), await m.el.hangUp(), await m.el.leave(), await m.el.setMuted('audio', true)];
    expect(results.map((r) => r.code)).to.deep.equal([481, 481, 481, 481, 481, 481]);
    expect(m.errors).to.deep.equal(results);
    expect(m.log).to.deep.equal(results.map(() => 'error 481'));
    expect(bubbled).to.deep.equal([]);
  });

  it('signed in: an unknown callee and nothing to answer resolve 481; no state changes; the call controls stay as they were', async () => {
    const lobby = freshRoom('wtr-call-err');
    const a = await member(lobby, 'Alice');
    const start = a.log.length;
    expect((await a.el.call('no-such-member')).code).to.equal(481);
    expect((await a.el.call(a.el.memberId)).code, 'not yourself').to.equal(481);
    expect((await a.el.accept()).code).to.equal(481);
    expect((await a.el.decline()).code).to.equal(481);
    expect((await a.el.hangUp()).code).to.equal(481);
    expect(a.log.slice(start)).to.deep.equal(['error 481', 'error 481', 'error 481', 'error 481', 'error 481']);
    expect(a.el.state).to.equal('idle');
    await a.el.updateComplete;
    expect(statusText(a.el)).to.equal(failureLine('en', 'idle', 481));
  });

  it('487 calling while in a call; a third member calling either side gets busy, the two talking notice nothing', async function () {
    this.timeout(40_000);
    const [alice, bob, carol] = await three('wtr-call-busy');
    await connect(alice, bob);
    const mark = { alice: alice.log.length, bob: bob.log.length };

    const result = await alice.el.call(carol.el.memberId);
    expect(result.code).to.equal(487);
    expect(alice.errors).to.deep.equal([result]);
    await alice.el.updateComplete;
    expect(statusText(alice.el)).to.equal(failureLine('en', 'active', 487));
    expect(alice.el.state, 'the call goes on').to.equal('active');

    for (const callee of [alice, bob]) {
      const from = carol.log.length;
      expect((await carol.el.call(callee.el.memberId)).code, 'the invite is sent').to.equal(200);
      expect(await until(() => carol.ended.length === (callee === alice ? 1 : 2)), 'Carol’s call ends').to.equal(true);
      expect(carol.log.slice(from)).to.deep.equal(['state-change idle>outgoing', 'state-change outgoing>idle busy', 'call-ended busy']);
      expect(carol.ended.at(-1)).to.deep.equal({ peer: { memberId: callee.el.memberId, displayName: callee.el.userName }, reason: 'busy' });
      await carol.el.updateComplete;
      expect(statusText(carol.el)).to.equal('Ready: call someone — last call: the other side was busy');
    }
    expect(carol.errors, 'busy is how a call ended, not an error').to.deep.equal([]);
    expect(alice.log.slice(mark.alice), 'Alice: only her own 487').to.deep.equal(['error 487']);
    expect(bob.log.slice(mark.bob), 'Bob: nothing').to.deep.equal([]);
    expect([alice.el.state, bob.el.state]).to.deep.equal(['active', 'active']);
  });

  it('a failure stays on the status line while nothing changes, and goes once the call moves on', async function () {
    this.timeout(40_000);
    const [alice, bob] = await three('wtr-call-stale');
    expect((await alice.el.call('no-such-member')).code).to.equal(481);
    await alice.el.updateComplete;
    expect(statusText(alice.el)).to.equal(failureLine('en', 'idle', 481));
    await connect(alice, bob);
    await alice.el.updateComplete;
    expect(statusText(alice.el), 'calling worked: the 481 is gone').to.equal('In a call');
    expect((await alice.el.call(bob.el.memberId)).code).to.equal(487);
    await alice.el.updateComplete;
    expect(statusText(alice.el)).to.equal(failureLine('en', 'active', 487));
    expect((await bob.el.hangUp()).code).to.equal(200);
    await reachState(alice.el, 'idle');
    await alice.el.updateComplete;
    expect(statusText(alice.el), 'the call ended: the 487 is gone').to.equal('Ready: call someone — last call: the other side hung up');
    expect(part(alice.el, 'status').hasAttribute('data-error')).to.equal(false);
  });

  it('a callee that still rings is busy for a second caller, and keeps ringing', async function () {
    this.timeout(20_000);
    const [alice, bob, carol] = await three('wtr-call-busy');
    expect((await alice.el.call(bob.el.memberId)).code).to.equal(200);
    await reachState(bob.el, 'incoming');
    expect((await carol.el.call(bob.el.memberId)).code).to.equal(200);
    expect(await until(() => carol.ended.length === 1)).to.equal(true);
    expect(carol.ended[0].reason).to.equal('busy');
    expect(bob.incoming.map((d) => d.from.displayName), 'Bob heard only Alice').to.deep.equal(['Alice']);
    expect(bob.el.peer?.displayName).to.equal('Alice');
    expect([alice.el.state, bob.el.state]).to.deep.equal(['outgoing', 'incoming']);
  });

  for (const lang of ['zh', 'ru'] as const) {
    it(`lang=${lang}: the failures, busy and the states read in ${lang}`, async function () {
      this.timeout(30_000);
      const m = await offline((el) => (el.lang = lang));
      expect((await m.el.join('bad name', 'Ann')).code).to.equal(300);
      await m.el.updateComplete;
      expect(statusText(m.el)).to.equal(failureLine(lang, 'offline', 300));
      expect((await m.el.join('lobby', '')).code).to.equal(400);
      await m.el.updateComplete;
      expect(statusText(m.el)).to.equal(failureLine(lang, 'offline', 400));

      const lobby = freshRoom('wtr-call-lang');
      const alice = await member(lobby, 'Алиса', lang);
      const bob = await member(lobby, '李雷', lang);
      const carol = await member(lobby, 'Carol', lang);
      expect(await until(() => [alice, bob, carol].every((x) => x.el.members.length === 2))).to.equal(true);
      await connect(alice, bob);
      expect((await alice.el.call(carol.el.memberId)).code).to.equal(487);
      await alice.el.updateComplete;
      expect(statusText(alice.el)).to.equal(failureLine(lang, 'active', 487));
      expect((await carol.el.call(bob.el.memberId)).code).to.equal(200);
      expect(await until(() => carol.ended.length === 1)).to.equal(true);
      await carol.el.updateComplete;
      const t = tables[lang];
      expect(statusText(carol.el)).to.equal(`${t['call.state.idle']} — ${t['call.lastCall'].replace('{reason}', t['call.end.busy'])}`);
      expect((await bob.el.hangUp()).code).to.equal(200);
      await reachState(alice.el, 'idle');
      await Promise.all([alice.el.updateComplete, bob.el.updateComplete]);
      expect(statusText(bob.el)).to.equal(`${t['call.state.idle']} — ${t['call.lastCall'].replace('{reason}', t['call.end.hangup'])}`);
      expect(statusText(alice.el), 'the 487 is gone once the call ended').to.equal(`${t['call.state.idle']} — ${t['call.lastCall'].replace('{reason}', t['call.end.remote-hangup'])}`);
    });
  }

  it('the language: its own lang, else an ancestor’s, else <html lang>; its own and <html lang> switch live', async () => {
    document.documentElement.lang = 'ru';
    const plain = await offline();
    expect(statusText(plain.el), '<html lang=ru>').to.equal(ru['call.state.offline']);
    const wrapper = document.createElement('div');
    wrapper.lang = 'zh';
    document.body.append(wrapper);
    const inside = await offline(() => {}, wrapper);
    expect(statusText(inside.el), 'the ancestor’s lang=zh over <html lang=ru>').to.equal(zh['call.state.offline']);
    expect((await inside.el.join('bad name', 'Ann')).code).to.equal(300);
    await inside.el.updateComplete;
    expect(statusText(inside.el)).to.equal(failureLine('zh', 'offline', 300));
    inside.el.lang = 'en';
    await inside.el.updateComplete;
    expect(statusText(inside.el), 'its own lang=en, the failure re-worded').to.equal(failureLine('en', 'offline', 300));
    document.documentElement.lang = 'zh';
    await plain.el.updateComplete;
    expect(statusText(plain.el), '<html lang> switched to zh').to.equal(zh['call.state.offline']);
    inside.el.removeAttribute('lang');
    await inside.el.updateComplete;
    expect(statusText(inside.el), 'back to the ancestor’s').to.equal(failureLine('zh', 'offline', 300));
    wrapper.remove();
  });
});
