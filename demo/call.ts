/**
 * The demo 1:1 call page: `<gs-video-call>` with settings from the URL (`?room=`, `?user=`, `?video=vp8|h264`,
 * `?audio=opus|g711`, `?ring=<ms>`, `?grace=<ms>`) and its events logged.
 */
import '../src/elements/gs-video-call/gs-video-call.js';

const call = document.querySelector('gs-video-call')!;
const log = document.querySelector('#log')!;
const params = new URLSearchParams(location.search);
if (params.get('user')) call.userName = params.get('user')!;
if (params.get('video')) call.videoCodec = params.get('video')!;
if (params.get('audio')) call.audioCodec = params.get('audio')!;
if (params.get('ring')) call.ringTimeout = Number(params.get('ring'));
if (params.get('grace')) call.iceGrace = Number(params.get('grace'));

for (const name of ['joined', 'left', 'incoming-call', 'state-change', 'call-ended', 'error']) {
  call.addEventListener(name, (event) => {
    const item = document.createElement('li');
    item.textContent = `${new Date().toLocaleTimeString()} ${name} ${JSON.stringify((event as CustomEvent).detail)}`;
    log.prepend(item);
  });
}
