// Accessibility of <gs-room> and <gs-video-call> with real members on the real server: axe-core finds no
// violations in the states a person meets (a room with members, chat and a shared screen, a full room, a call
// ringing on both sides and active), and a person with a keyboard alone joins, chats and leaves a room, and makes,
// cancels, declines, accepts and hangs up a call, the focus always on the control that matters next.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { AxeResults } from 'axe-core';
import type { GsVideoCall } from '../gs-video-call/gs-video-call.js';
import { freshRoom, reachState, roomMember, signedIn, until } from '../../../test/support/live-room.js';

const axe = (window as unknown as { axe: { run(context: Element, options?: object): Promise<AxeResults> } }).axe;

async function violations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const deepActive = () => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};
const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`)!;
const type = async (text: string) => sendKeys({ type: text });
const press = async (key: string) => sendKeys({ press: key });

/** The focused control has a visible focus ring. */
function expectRing(el: Element | null) {
  expect(el, 'something is focused').to.not.equal(null);
  expect((el as HTMLElement).matches(':focus-visible'), `${el!.outerHTML.slice(0, 80)} is :focus-visible`).to.equal(true);
  expect(getComputedStyle(el!).outlineStyle).to.equal('solid');
}

describe('<gs-room> accessibility', () => {
  const els: Element[] = [];
  afterEach(() => {
    for (const el of els.splice(0)) el.remove();
  });

  it('axe: idle, joined with a member, chat and a shared screen, and a full room (en and ru)', async function () {
    this.timeout(60_000);
    for (const lang of ['en', 'ru']) {
      const room = freshRoom('a11y');
      const a = await roomMember(document.body, (el) => (el.lang = lang));
      const b = await roomMember(document.body, (el) => (el.lang = lang));
      els.push(a, b);
      expect(await violations(a), `idle ${lang}`).to.deep.equal([]);
      expect((await a.join(room, 'Ann')).code).to.equal(200);
      expect((await a.publish()).code).to.equal(200);
      expect((await b.join(room, 'Bob')).code).to.equal(200);
      expect((await b.publish()).code).to.equal(200);
      expect(await until(() => a.participants[0]?.camera !== null && a.participants[0]?.link === 'connected', 20_000)).to.equal(true);
      for (const line of ['hello', 'hi Ann']) expect((await a.sendMessage(line)).code).to.equal(200);
      expect((await b.shareScreen()).code).to.equal(200);
      expect(await until(() => a.participants[0]?.screen !== null, 20_000)).to.equal(true);
      await a.updateComplete;
      expect(await violations(a), `members, chat, screen ${lang}`).to.deep.equal([]);
      const c = await roomMember(document.body, (el) => {
        el.lang = lang;
        el.capacity = 2;
      });
      els.push(c);
      expect((await c.join(room, 'Cat')).code).to.equal(486);
      await c.updateComplete;
      expect(await violations(c), `full ${lang}`).to.deep.equal([]);
      for (const el of els.splice(0)) el.remove();
    }
  });

  it('keyboard alone: Tab to the form, type, Enter joins; focus goes to the chat box, Enter sends; Leave by keyboard returns focus to the form', async function () {
    this.timeout(40_000);
    const room = freshRoom('kbd');
    const a = await roomMember(document.body, (el) => (el.manualPublish = true));
    els.push(a);
    const user = a.shadowRoot!.querySelector<HTMLInputElement>('input[name="user"]')!;
    document.body.focus();
    await press('Tab');
    expect(deepActive()).to.equal(user);
    expectRing(user);
    await type('Ann');
    await press('Tab');
    await type(room);
    await press('Enter');
    await reachState(a, 'joined');
    expect(await until(() => deepActive() === part(a, 'chat-input'))).to.equal(true);
    await type('typed with keys');
    await press('Enter');
    expect(await until(() => a.messages.length === 1)).to.equal(true);
    expect(a.messages[0].text).to.equal('typed with keys');
    expect((part(a, 'chat-input') as HTMLInputElement).value).to.equal('');
    // Back through the page with Shift+Tab to the Leave button; every stop has a focus ring.
    for (let i = 0; i < 12 && deepActive() !== part(a, 'leave-button'); i++) {
      await sendKeys({ down: 'Shift' });
      await press('Tab');
      await sendKeys({ up: 'Shift' });
      expectRing(deepActive());
    }
    expect(deepActive()).to.equal(part(a, 'leave-button'));
    await press('Enter');
    await reachState(a, 'idle');
    expect(await until(() => deepActive() === user)).to.equal(true);
  });
});

describe('<gs-video-call> accessibility', () => {
  const els: GsVideoCall[] = [];
  afterEach(() => {
    for (const el of els.splice(0)) el.remove();
  });

  it('axe: signed in with a member, ringing on both sides, and active', async function () {
    this.timeout(40_000);
    const lobby = freshRoom('a11y-call');
    const alice = await signedIn(lobby, 'Alice');
    const bob = await signedIn(lobby, 'Bob');
    els.push(alice, bob);
    expect(await until(() => alice.members.length === 1)).to.equal(true);
    await alice.updateComplete;
    expect(await violations(alice), 'idle').to.deep.equal([]);
    expect((await alice.call(bob.memberId)).code).to.equal(200);
    await reachState(bob, 'incoming');
    await Promise.all([alice.updateComplete, bob.updateComplete]);
    expect(await violations(alice), 'outgoing').to.deep.equal([]);
    expect(await violations(bob), 'incoming').to.deep.equal([]);
    expect(part(bob, 'incoming').getAttribute('role')).to.equal('alertdialog');
    expect((await bob.accept()).code).to.equal(200);
    await reachState(alice, 'active');
    expect(await until(() => Boolean(alice.remoteStream), 20_000)).to.equal(true);
    await Promise.all([alice.updateComplete, bob.updateComplete]);
    expect(await violations(alice), 'active caller').to.deep.equal([]);
    expect(await violations(bob), 'active callee').to.deep.equal([]);
  });

  it('keyboard alone: sign in, Call with Enter, Escape cancels; the callee gets focus on Accept, Escape declines, Enter accepts, Enter hangs up', async function () {
    this.timeout(40_000);
    const lobby = freshRoom('kbd-call');
    const bob = await signedIn(lobby, 'Bob');
    const alice = document.createElement('gs-video-call');
    alice.server = bob.server;
    document.body.append(alice);
    els.push(alice, bob);
    await alice.updateComplete;
    // Alice: Tab into her form (Bob's element comes first in the page: start from hers).
    (alice.shadowRoot!.querySelector('input[name="user"]') as HTMLInputElement).focus();
    await type('Alice');
    await press('Tab');
    await type(lobby);
    await press('Enter');
    await reachState(alice, 'idle');
    const callBob = () => alice.shadowRoot!.querySelector<HTMLButtonElement>(`[part~="call-button"][data-member-id="${bob.memberId}"]`);
    expect(await until(() => deepActive() === callBob()), 'focus on Call Bob').to.equal(true);
    expectRing(deepActive());
    expect(callBob()!.getAttribute('aria-label')).to.equal('Call Bob');
    await press('Enter');
    await reachState(alice, 'outgoing');
    expect(await until(() => deepActive() === part(alice, 'hangup-button')), 'focus on Cancel').to.equal(true);
    await press('Escape');
    await reachState(alice, 'idle');
    expect(alice.lastEnd).to.equal('cancelled');
    expect(await until(() => deepActive() === callBob()), 'focus back on Call Bob').to.equal(true);

    // Bob's side: the person at Bob's element (its Sign out focused) gets the ring on Accept.
    await reachState(bob, 'idle');
    part(bob, 'sign-out-button').focus();
    expect((await alice.call(bob.memberId)).code).to.equal(200);
    await reachState(bob, 'incoming');
    expect(await until(() => deepActive() === part(bob, 'accept-button')), 'focus on Accept').to.equal(true);
    await press('Escape');
    await reachState(bob, 'idle');
    await reachState(alice, 'idle');
    expect([alice.lastEnd, bob.lastEnd]).to.deep.equal(['declined', 'rejected']);

    expect((await alice.call(bob.memberId)).code).to.equal(200);
    await reachState(bob, 'incoming');
    expect(await until(() => deepActive() === part(bob, 'accept-button'))).to.equal(true);
    await press('Enter');
    await reachState(bob, 'active');
    expect(await until(() => deepActive() === part(bob, 'hangup-button')), 'focus on Hang up').to.equal(true);
    await press('Enter');
    await reachState(bob, 'idle');
    expect(bob.lastEnd).to.equal('hangup');
    const callAlice = () => bob.shadowRoot!.querySelector(`[part~="call-button"][data-member-id="${alice.memberId}"]`);
    expect(await until(() => deepActive() === callAlice()), 'focus back on Call Alice').to.equal(true);
  });
});
