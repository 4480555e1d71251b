/** The demo terminal page: `<gs-terminal>` registered under `?id=` (default `demo`). */
import '../src/elements/gs-terminal/gs-terminal.js';
import { TERMINAL_ID_PATTERN } from '../src/protocol/index.js';

const requested = new URLSearchParams(location.search).get('id') ?? 'demo';
const id = TERMINAL_ID_PATTERN.test(requested) ? requested : 'demo';
document.querySelector('#terminal-name')!.textContent = id;
document.querySelector<HTMLAnchorElement>('#sharer-link')!.href = `./?id=${encodeURIComponent(id)}`;
const terminal = document.querySelector('gs-terminal')!;
// ?trickle=1: send the answer with its host candidates and the later ICE candidates after it (updateCandidate).
const params = new URLSearchParams(location.search);
terminal.trickleIce = params.get('trickle') === '1';
// ?confirm=1: hold a page's request to present until Accept; ?cancel=ctrlFirst: reply order on cancel.
terminal.confirmPresentation = params.get('confirm') === '1';
if (params.get('cancel') === 'ctrlFirst') terminal.cancelReplyOrder = 'ctrlFirst';
// ?answer=browser: Chromium's own answer instead of a GVC3220's (DEVICE.md), for browser-only use.
if (params.get('answer') === 'browser') terminal.answer = 'browser';
// ?lang=zh|ru|en: the page's language (the element follows <html lang>).
if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
terminal.terminalId = id;
