// The Chinese and Russian tables load on demand: an element in one of them renders English first, fetches the
// table (a dynamic import) and re-renders in its language, and `updateComplete` waits for that; a page that
// registers a table before the element renders gets it in the first render. Each test file runs in a page of its
// own, so no table is loaded when this file starts.
import { expect, fixture, html } from '@open-wc/testing';
import '../gs-screen-share/gs-screen-share.js';
import type { GsScreenShare } from '../gs-screen-share/gs-screen-share.js';
import { en } from './messages.en.js';
import { needsLoading as needsLoadingOf, registerMessages } from './localize.js';
import { shareMessages } from '../gs-screen-share/messages.js';

const needsLoading = (tag: string) => needsLoadingOf(tag, shareMessages);
import { until } from '../../../test/support/browser-terminal.js';

const text = (el: GsScreenShare, part: string) => el.shadowRoot!.querySelector(`[part~="${part}"]`)!.textContent!.trim();

/** A `<gs-screen-share lang=…>` added to the page, with the Call button's text recorded after each of its renders. */
async function renderedTexts(lang: string): Promise<{ el: GsScreenShare; seen: string[] }> {
  const el = document.createElement('gs-screen-share');
  const seen: string[] = [];
  el.addController({ hostUpdated: () => seen.push(text(el, 'call-button')) });
  el.lang = lang;
  const parent = await fixture<HTMLDivElement>(html`<div></div>`);
  parent.append(el);
  await el.updateComplete;
  return { el, seen };
}

describe('message tables loaded on demand', () => {
  it('zh: English first, then the fetched Chinese table; updateComplete waits for it', async () => {
    expect(needsLoading('zh-CN')).to.equal(true);
    const { el, seen } = await renderedTexts('zh-CN');
    expect(needsLoading('zh-CN')).to.equal(false);
    expect(seen[0]).to.equal('Call');
    expect(seen.at(-1)).to.equal('呼叫');
    expect([text(el, 'call-button'), text(el, 'status')]).to.deep.equal(['呼叫', '未连接']);
    // The next element in Chinese needs no fetch: its first render is Chinese.
    const next = await renderedTexts('zh');
    expect(next.seen).to.deep.equal(['呼叫']);
  });

  it('ru registered by the page before the element renders: Russian in the first render, no English', async () => {
    const { ru } = await import('./messages.ru.js');
    registerMessages('ru', ru);
    expect(needsLoading('ru')).to.equal(false);
    const { el, seen } = await renderedTexts('ru-RU');
    expect(seen.length).to.be.greaterThan(0);
    for (const seenText of seen) expect(seenText).to.equal('Позвонить');
    expect(text(el, 'hangup-button')).to.equal('Завершить');
  });

  it('a table registered after the element rendered re-renders the elements that speak it', async () => {
    const { el } = await renderedTexts('de');
    const other = await renderedTexts('en');
    expect(text(el, 'call-button')).to.equal('Call');
    registerMessages('de', { ...en, 'button.call': 'Anrufen' });
    await until(() => text(el, 'call-button') === 'Anrufen', 2000);
    expect(text(el, 'call-button')).to.equal('Anrufen');
    expect(text(other.el, 'call-button')).to.equal('Call');
  });
});
