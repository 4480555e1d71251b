/**
 * The demo conference page: `<gs-room>` with settings from the URL (`?room=`, `?user=`, `?capacity=`,
 * `?video=vp8|h264`, `?audio=opus|g711`, `?signalling=postmessage` inside iframe-host.html) and its events logged.
 */
import '../src/elements/gs-room/gs-room.js';

const room = document.querySelector('gs-room')!;
const log = document.querySelector('#log')!;
const params = new URLSearchParams(location.search);
if (params.get('user')) room.userName = params.get('user')!;
if (params.get('capacity')) room.capacity = Number(params.get('capacity'));
if (params.get('video')) room.videoCodec = params.get('video')!;
if (params.get('audio')) room.audioCodec = params.get('audio')!;
if (params.get('signalling') === 'postmessage') room.signalling = 'postmessage';

for (const name of ['joined', 'left', 'room-full', 'published', 'screen-shared', 'screen-stopped', 'member-joined', 'member-left', 'chat-message', 'state-change', 'error']) {
  room.addEventListener(name, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify((event as CustomEvent).detail)}`;
    log.prepend(item);
  });
}
