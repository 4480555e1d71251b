// Accessibility of <gs-screen-share> checked with axe-core in Chromium (no violations) in each state a user
// meets: idle, a failure, connected, presenting (with the stats panel) and the confirm prompt open; and the
// prompt is a real modal dialog: focus moves into it, stays there, and comes back when it closes.
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';
import type { AxeResults } from 'axe-core';
import './gs-screen-share.js';
import type { GsScreenShare } from './gs-screen-share.js';
import { realTerminal, until } from '../../../test/support/browser-terminal.js';

const axe = (window as unknown as { axe: { run(context: Element, options?: object): Promise<AxeResults> } }).axe;

/** axe's violations for `el` (its shadow root included), as `rule: targets` lines, so a failure says what broke. */
async function violations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { resultTypes: ['violations'] });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
}

const deepActive = () => {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
};

describe('<gs-screen-share> accessibility', () => {
  it('the axe check sees into shadow roots (a nameless button there is a violation)', async () => {
    const host = await fixture<HTMLDivElement>(html`<div></div>`);
    host.attachShadow({ mode: 'open' }).innerHTML = '<button></button>';
    expect((await violations(host)).map((v) => v.split(':')[0])).to.include('button-name');
  });

  it('axe finds no violations when idle and after a failure (in each language)', async () => {
    const call: Record<string, string> = { en: 'Call', zh: '呼叫', ru: 'Позвонить' };
    for (const lang of ['en', 'zh', 'ru']) {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share lang=${lang}></gs-screen-share>`);
      // fixture awaits updateComplete, which waits for the zh/ru table to arrive: axe checks the real text.
      expect(el.shadowRoot!.querySelector('[part~="call-button"]')!.textContent!.trim(), lang).to.equal(call[lang]);
      expect(await violations(el), `idle ${lang}`).to.deep.equal([]);
      await el.call('not-an-address');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[part="status"]')!.textContent).to.contain('300');
      expect(await violations(el), `failure ${lang}`).to.deep.equal([]);
    }
  });

  it('controls have roles and names; the status is a polite live region', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share></gs-screen-share>`);
    const root = el.shadowRoot!;
    expect(root.querySelector('[part="toolbar"]')!.getAttribute('role')).to.equal('toolbar');
    expect(root.querySelector('[part="toolbar"]')!.getAttribute('aria-label')).to.equal('Screen sharing');
    const status = root.querySelector('[part="status"]')!;
    expect([status.getAttribute('role'), status.getAttribute('aria-live')]).to.deep.equal(['status', 'polite']);
    const dialog = root.querySelector('[part="confirm"]')!;
    expect(dialog.localName).to.equal('dialog');
    expect(dialog.getAttribute('aria-labelledby')).to.equal('confirm-title');
    for (const button of root.querySelectorAll('button')) expect(button.textContent!.trim(), button.getAttribute('part')!).to.not.equal('');
  });

  it('keyboard: Tab reaches Call with a visible focus ring, Enter calls', async () => {
    const el = await fixture<GsScreenShare>(html`<gs-screen-share address="not-an-address"></gs-screen-share>`);
    const call = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="call-button"]')!;
    await sendKeys({ press: 'Tab' });
    expect(deepActive()).to.equal(call);
    expect(call.matches(':focus-visible')).to.equal(true);
    expect(getComputedStyle(call).outlineStyle).to.equal('solid');
    const failed = new Promise<CustomEvent>((resolve) => el.addEventListener('error', (e) => resolve(e as unknown as CustomEvent), { once: true }));
    await sendKeys({ press: 'Enter' });
    expect((await failed).detail.code).to.equal(300);
  });

  it('connected, presenting (with stats) and the prompt: no violations; the prompt traps and restores focus', async function () {
    this.timeout(60_000);
    const { terminal, address, remove } = await realTerminal();
    try {
      const el = await fixture<GsScreenShare>(html`<gs-screen-share show-stats></gs-screen-share>`);
      expect((await el.call(address)).code).to.equal(200);
      await el.updateComplete;
      expect(await violations(el), 'connected').to.deep.equal([]);

      expect((await el.beginScreen()).code).to.equal(200);
      await until(() => el.lastStats !== null);
      await el.updateComplete;
      expect(await violations(el), 'presenting').to.deep.equal([]);
      expect((await el.stopScreen()).code).to.equal(200);

      // The terminal asks; the prompt opens as a modal dialog with focus inside.
      const share = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="share-button"]')!;
      share.focus();
      const answer = terminal.requestPresentation();
      const dialog = el.shadowRoot!.querySelector<HTMLDialogElement>('dialog[part="confirm"]')!;
      expect(await until(() => dialog.open)).to.equal(true);
      expect(dialog.matches(':modal')).to.equal(true);
      expect(deepActive()).to.equal(el.shadowRoot!.querySelector('[part~="accept-button"]'));
      expect(await violations(el), 'prompt open').to.deep.equal([]);
      // Tab cycles inside the dialog (the page behind is inert).
      for (let i = 0; i < 4; i++) {
        await sendKeys({ press: 'Tab' });
        const active = deepActive();
        expect(active && dialog.contains(active), `tab ${i}`).to.equal(true);
      }
      // Escape declines (403 to the terminal) and focus returns where it was.
      await sendKeys({ press: 'Escape' });
      expect((await answer).code).to.equal(403);
      await el.updateComplete;
      expect(dialog.open).to.equal(false);
      expect(deepActive()).to.equal(share);
      await el.hangUp();
    } finally {
      remove();
    }
  });
});
