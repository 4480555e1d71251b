/** The demo sharer page: wires the settings form to `<gs-screen-share>` and logs its events. */
import '../src/elements/gs-screen-share/gs-screen-share.js';
import { terminalAddress } from '../src/protocol/index.js';

const sharer = document.querySelector('gs-screen-share')!;
const idInput = document.querySelector<HTMLInputElement>('#terminal-id')!;
const userInput = document.querySelector<HTMLInputElement>('#user-name')!;
const bitrateInput = document.querySelector<HTMLInputElement>('#max-bitrate')!;
const link = document.querySelector<HTMLAnchorElement>('#terminal-link')!;
const languageSelect = document.querySelector<HTMLSelectElement>('#language')!;
const log = document.querySelector('#log')!;

const params = new URLSearchParams(location.search);
if (params.get('id')) idInput.value = params.get('id')!;
// ?trickle=1: send the offer with its host candidates and the later ICE candidates after it (updateCandidate).
sharer.trickleIce = params.get('trickle') === '1';
// ?quality=text|balanced|motion: the share quality preset; ?audio=1: share tab / system audio; ?camera=1: camera beside the screen.
if (params.get('quality')) sharer.quality = params.get('quality')!;
sharer.shareAudio = params.get('audio') === '1';
sharer.camera = params.get('camera') === '1';
// ?lang=zh|ru|en: the page's language (the element follows <html lang>); the select sets the element's own lang.
if (params.get('lang')) document.documentElement.lang = params.get('lang')!;
languageSelect.addEventListener('change', () => {
  if (languageSelect.value) sharer.lang = languageSelect.value;
  else sharer.removeAttribute('lang');
});

function apply() {
  sharer.address = terminalAddress(location.origin, idInput.value || 'demo');
  sharer.userName = userInput.value || 'webRTC_Client';
  sharer.maxBitrate = Number(bitrateInput.value) || 0;
  link.href = `./terminal.html?id=${encodeURIComponent(idInput.value || 'demo')}`;
}
for (const input of [idInput, userInput, bitrateInput]) input.addEventListener('input', apply);
apply();

for (const name of ['shareScreen', 'stopShareScreen', 'pauseShareScreen', 'hangup', 'error', 'state-change', 'shareScreenRequest', 'stopShareScreenRequest', 'hangupRequest', 'quality-change', 'audio-unavailable', 'camera-unavailable']) {
  sharer.addEventListener(name, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify((event as CustomEvent).detail)}`;
    log.prepend(item);
  });
}
