// <gs-room> and <gs-video-call> in Chinese and Russian, in each of their states, with real members on the real
// server: no English word is left in what a person reads (shadow DOM text) or hears (aria-labels). What the
// members typed themselves (the room name, the invite link) is taken out first; their login names are not Latin.
// Each test file runs in a page of its own, so the zh and ru tables are fetched here on demand.
import { expect } from '@open-wc/testing';
import type { GsRoom } from './gs-room.js';
import type { GsVideoCall } from '../gs-video-call/gs-video-call.js';
import { freshRoom, reachState, roomMember, signedIn, until, visibleTexts } from '../../../test/support/live-room.js';

/** The words of `el`'s visible text and labels that are English (two or more Latin letters), with `typed` taken out. */
function englishIn(el: Element, typed: string[]): string[] {
  return visibleTexts(el)
    .map((text) => typed.reduce((t, value) => (value ? t.split(value).join(' ') : t), text))
    .flatMap((text) => text.match(/[A-Za-z]{2,}/g) ?? []);
}

for (const [lang, names] of [
  ['zh', ['李雷', '韩梅梅', '王芳']],
  ['ru', ['Анна', 'Борис', 'Вера']],
] as const) {
  describe(`in ${lang}: no English left`, () => {
    const els: Element[] = [];
    afterEach(() => {
      for (const el of els.splice(0)) el.remove();
    });

    it(`<gs-room lang=${lang}>: idle, joined with a member and chat, sharing, after a failure, and a full room`, async function () {
      this.timeout(60_000);
      const room = freshRoom('i18n');
      const setLang = (el: GsRoom) => (el.lang = lang);
      const a = await roomMember(document.body, setLang);
      els.push(a);
      const typed = () => [a.inviteLink, room];
      expect(englishIn(a, typed()), 'idle').to.deep.equal([]);
      expect(visibleTexts(a).join(' ')).to.contain(lang === 'zh' ? '加入' : 'Войти');
      // A failure shows its code with the sentence in the language.
      expect((await a.join('bad name', names[0])).code).to.equal(300);
      await a.updateComplete;
      expect(englishIn(a, typed()), 'after 300').to.deep.equal([]);
      expect((await a.join(room, names[0])).code).to.equal(200);
      expect((await a.publish()).code).to.equal(200);
      const b = await roomMember(document.body, setLang);
      els.push(b);
      expect((await b.join(room, names[1])).code).to.equal(200);
      expect(await until(() => a.participants[0]?.link === 'connected')).to.equal(true);
      expect((await a.sendMessage('1 2 3')).code).to.equal(200);
      expect((await a.shareScreen()).code).to.equal(200);
      await a.updateComplete;
      expect(englishIn(a, typed()), 'joined, chat, sharing').to.deep.equal([]);
      expect(englishIn(b, typed()), 'the other member').to.deep.equal([]);
      // A page that accepts 2 at most is turned away by a room of two: the notice and the status, in the language.
      const c = await roomMember(document.body, (el) => {
        setLang(el);
        el.capacity = 2;
      });
      els.push(c);
      expect((await c.join(room, names[2])).code).to.equal(486);
      await c.updateComplete;
      expect(c.shadowRoot!.querySelector<HTMLElement>('[part~="full"]')!.hidden).to.equal(false);
      expect(englishIn(c, typed()), 'full').to.deep.equal([]);
    });

    it(`<gs-video-call lang=${lang}>: offline, idle with a member, outgoing, incoming, active, and after the call`, async function () {
      this.timeout(60_000);
      const lobby = freshRoom('i18n-lobby');
      const setLang = (el: GsVideoCall) => (el.lang = lang);
      const offline = document.createElement('gs-video-call');
      setLang(offline);
      document.body.append(offline);
      els.push(offline);
      await offline.updateComplete;
      expect(englishIn(offline, []), 'offline').to.deep.equal([]);
      const alice = await signedIn(lobby, names[0], setLang);
      const bob = await signedIn(lobby, names[1], setLang);
      els.push(alice, bob);
      expect(await until(() => alice.members.length === 1)).to.equal(true);
      await alice.updateComplete;
      expect(englishIn(alice, [lobby]), 'idle').to.deep.equal([]);
      expect((await alice.call(bob.memberId)).code).to.equal(200);
      await reachState(bob, 'incoming');
      await Promise.all([alice.updateComplete, bob.updateComplete]);
      expect(englishIn(alice, [lobby]), 'outgoing').to.deep.equal([]);
      expect(englishIn(bob, [lobby]), 'incoming').to.deep.equal([]);
      expect((await bob.accept()).code).to.equal(200);
      await reachState(alice, 'active');
      await Promise.all([alice.updateComplete, bob.updateComplete]);
      expect(englishIn(alice, [lobby]), 'active').to.deep.equal([]);
      expect((await bob.hangUp()).code).to.equal(200);
      await reachState(alice, 'idle');
      await alice.updateComplete;
      expect(englishIn(alice, [lobby]), 'after the call').to.deep.equal([]);
      expect((await alice.accept()).code).to.equal(481);
      await alice.updateComplete;
      expect(englishIn(alice, [lobby]), 'after a 481').to.deep.equal([]);
    });
  });
}
