// The package as a portal imports it (bundled by Vite): the main entry and the terminal's entry.
import { Code, GsScreenShare } from 'gs-screen-share';
import 'gs-screen-share/gs-terminal.js';

const id = new URLSearchParams(location.search).get('id') ?? 'pkg';
document.querySelector('gs-terminal').terminalId = id;
window.portal = { Code, GsScreenShare, address: `ws://${location.host}/terminals/${id}` };
