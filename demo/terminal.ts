/** The demo terminal page: `<gs-terminal>` registered under `?id=` (default `demo`). */
import '../src/elements/gs-terminal/gs-terminal.js';
import { TERMINAL_ID_PATTERN } from '../src/protocol/index.js';

const requested = new URLSearchParams(location.search).get('id') ?? 'demo';
const id = TERMINAL_ID_PATTERN.test(requested) ? requested : 'demo';
document.querySelector('#terminal-name')!.textContent = id;
document.querySelector<HTMLAnchorElement>('#sharer-link')!.href = `./?id=${encodeURIComponent(id)}`;
document.querySelector('gs-terminal')!.terminalId = id;
