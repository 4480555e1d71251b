/** The host page of the web-to-app demo: bridges the iframe's postMessage signalling to the room WebSocket. */
import { bridgePostMessageToWebSocket } from '../src/room/transport.js';
import { roomAddress } from '../src/room/messages.js';

const frame = document.querySelector<HTMLIFrameElement>('#app')!;
const params = new URLSearchParams(location.search);
params.set('signalling', 'postmessage');
(window as unknown as { stopBridge: () => void }).stopBridge = bridgePostMessageToWebSocket(frame, (room) => roomAddress(location.origin, room));
frame.src = `./room.html?${params}`;
