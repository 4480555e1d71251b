/** The host page of the web-to-app demo: bridges the iframe's postMessage signalling to the room WebSocket. */
import { bridgePostMessageToWebSocket } from '../src/room/transport.js';
import { roomAddress } from '../src/room/messages.js';

const frame = document.querySelector<HTMLIFrameElement>('#app')!;
const params = new URLSearchParams(location.search);
params.set('signalling', 'postmessage');
(window as unknown as { stopBridge: () => void }).stopBridge = bridgePostMessageToWebSocket(frame, (room) => roomAddress(location.origin, room));
frame.src = `./room.html?${params}`;

// The light/dark switch: the embedded page (same origin) gets the host's choice on its own switch, so its elements
// follow it too (CSS alone stops at the iframe's edge).
const themeOf = () => document.querySelector<HTMLInputElement>('input[name="theme"]:checked')?.value ?? 'auto';
const applyTheme = () => {
  const inner = frame.contentDocument?.querySelector<HTMLInputElement>(`#theme-${themeOf()}`);
  if (inner) inner.checked = true;
};
for (const radio of document.querySelectorAll('input[name="theme"]')) radio.addEventListener('change', applyTheme);
frame.addEventListener('load', applyTheme);
