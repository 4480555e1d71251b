// Installed in every bench page before the page's own scripts (context.addInitScript; plain JS, not compiled).
// It timestamps, on one clock shared by all pages (performance.timeOrigin + performance.now(), ms since the epoch,
// sub-millisecond), everything on the path from a call to the first frame, into window.__bench.trace:
//   ws.*   WebSocket open / frames out and in (by action; keep-alives left out; frames that carry SDP are kept
//          whole, in `text`)
//   pc.*   RTCPeerConnection creation, createOffer/createAnswer/setLocal/setRemoteDescription start and end,
//          ICE gathering and connection state changes, candidates
//   tx.*   RTCRtpSender.replaceTrack / setParameters
//   gdm.*  getDisplayMedia start and end
//   video.* a <video> given a srcObject, and the first frame it presents (requestVideoFrameCallback), which is
//          also kept in window.__bench.firstFrame: { presented, receive, callback, presentedFrames, width, height }.
// Nothing here changes what the page does; each wrapper only records and calls through.
(() => {
  if (window.__bench) return;
  const clock = () => performance.timeOrigin + performance.now();
  const trace = [];
  const pcs = [];
  const bench = {
    clock,
    trace,
    pcs,
    firstFrame: null,
    mark(name, extra) {
      trace.push(Object.assign({ t: clock(), name }, extra || {}));
    },
    /** Forgets the trace and the first frame: the next run starts clean. */
    reset() {
      trace.length = 0;
      bench.firstFrame = null;
    },
    /** Resolves with the first frame once a <video> has presented one (null after timeoutMs). */
    waitFirstFrame(timeoutMs) {
      return new Promise((resolve) => {
        const end = clock() + (timeoutMs || 15000);
        const tick = () => {
          if (bench.firstFrame) resolve(bench.firstFrame);
          else if (clock() > end) resolve(null);
          else setTimeout(tick, 5);
        };
        tick();
      });
    },
  };
  window.__bench = bench;
  const mark = bench.mark;

  const actionOf = (data) => {
    if (typeof data !== 'string') return 'binary';
    if (data.trim() === '') return 'keepalive';
    const m = /^\s*\{\s*"([^"]+)"/.exec(data);
    return m ? m[1] : 'text';
  };

  const withSdp = (extra, data) => (typeof data === 'string' && data.includes('"sdp"') ? Object.assign(extra, { text: data }) : extra);

  const NativeWebSocket = window.WebSocket;
  class TracedWebSocket extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      mark('ws.new');
      this.addEventListener('open', () => mark('ws.open'));
      this.addEventListener('message', (e) => {
        const action = actionOf(e.data);
        if (action !== 'keepalive') mark('ws.in', withSdp({ action }, e.data));
      });
    }
    send(data) {
      const action = actionOf(data);
      if (action !== 'keepalive') mark('ws.out', withSdp({ action, bytes: typeof data === 'string' ? data.length : 0 }, data));
      return super.send(data);
    }
  }
  window.WebSocket = TracedWebSocket;

  const NativePeerConnection = window.RTCPeerConnection;
  class TracedPeerConnection extends NativePeerConnection {
    constructor(configuration) {
      super(configuration);
      const pc = pcs.push(this);
      this.__benchId = pc;
      mark('pc.new', { pc });
      this.addEventListener('icegatheringstatechange', () => mark('pc.gathering', { pc, state: this.iceGatheringState }));
      this.addEventListener('connectionstatechange', () => mark('pc.connection', { pc, state: this.connectionState }));
      this.addEventListener('iceconnectionstatechange', () => mark('pc.ice', { pc, state: this.iceConnectionState }));
      this.addEventListener('icecandidate', (e) => mark('pc.candidate', { pc, candidate: e.candidate ? e.candidate.candidate : null }));
    }
  }
  for (const method of ['createOffer', 'createAnswer', 'setLocalDescription', 'setRemoteDescription']) {
    const original = NativePeerConnection.prototype[method];
    TracedPeerConnection.prototype[method] = async function (...args) {
      mark(`pc.${method}.start`, { pc: this.__benchId });
      try {
        return await original.apply(this, args);
      } finally {
        mark(`pc.${method}.end`, { pc: this.__benchId });
      }
    };
  }
  window.RTCPeerConnection = TracedPeerConnection;

  for (const method of ['replaceTrack', 'setParameters']) {
    const original = RTCRtpSender.prototype[method];
    RTCRtpSender.prototype[method] = async function (...args) {
      mark(`tx.${method}.start`);
      try {
        return await original.apply(this, args);
      } finally {
        mark(`tx.${method}.end`);
      }
    };
  }

  const media = navigator.mediaDevices;
  if (media && typeof media.getDisplayMedia === 'function') {
    const original = media.getDisplayMedia.bind(media);
    media.getDisplayMedia = async (constraints) => {
      mark('gdm.start');
      const stream = await original(constraints);
      mark('gdm.end');
      return stream;
    };
  }

  const watch = (video) => {
    mark('video.srcObject');
    video.requestVideoFrameCallback((now, meta) => {
      if (bench.firstFrame) return;
      bench.firstFrame = {
        presented: performance.timeOrigin + meta.presentationTime,
        receive: meta.receiveTime ? performance.timeOrigin + meta.receiveTime : null,
        callback: performance.timeOrigin + now,
        presentedFrames: meta.presentedFrames,
        width: meta.width,
        height: meta.height,
      };
      mark('video.firstFrame', { presentedFrames: meta.presentedFrames });
    });
  };
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject');
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    configurable: true,
    enumerable: srcObject.enumerable,
    get: srcObject.get,
    set(value) {
      srcObject.set.call(this, value);
      if (value && this instanceof HTMLVideoElement) watch(this);
    },
  });
})();
