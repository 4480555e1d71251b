// Glass-to-glass helpers for bench/latency.ts and bench/cpu.ts (plain JS, installed with context.addInitScript after
// bench/page/instrument.js; not compiled). All times on the clock instrument.js shares between pages
// (performance.timeOrigin + performance.now(), ms since the epoch).
//
// window.__timecode:
//   source({ width, height, fps }) → MediaStream: a canvas standing in for the screen. Every frame shows scrolling
//     text lines (the screen changes every frame, as when scrolling a document) and, in a top stripe, a time code:
//     the time the frame was drawn, in 0.1 ms units mod 2^32, as 32 black/white blocks followed by an 8-bit
//     checksum (40 blocks, each 1/40 of the width and 1/16 of the height: big enough to survive VP8/H.264 at any
//     of our presets). Chromium's fake screen capture cannot carry a readable time, hence the canvas.
//   replaceScreen(): getDisplayMedia returns source() at the size and rate asked (video.width/height/frameRate
//     `max`), so <gs-screen-share> shares the time-code canvas through its own code path.
//   watch(video): reads the time code of every frame `video` presents (requestVideoFrameCallback) and keeps
//     { drawn, expectedDisplay, presentation, receive, capture, width, height } per frame; take() returns the frames
//     seen since the last take() and the count of unreadable ones.
//   preferCodec(mime | null): from then on, every RTCPeerConnection's createOffer first calls setCodecPreferences on its video
//     transceivers with only `mime` (e.g. 'video/H264'; its constrained-baseline packetization-mode=1 profile first)
//     and rtx/red/ulpfec, so the answer can only pick that codec.
(() => {
  if (window.__timecode) return;
  const clock = () => performance.timeOrigin + performance.now();
  const BITS = 32;
  const BLOCKS = BITS + 8;
  const checksum = (code) => ((code & 0xff) + ((code >>> 8) & 0xff) + ((code >>> 16) & 0xff) + ((code >>> 24) & 0xff)) & 0xff;
  const LINES = Array.from({ length: 60 }, (_, i) => `${String(i + 1).padStart(3, '0')}  The quick brown fox jumps over the lazy dog; 0123456789 — slide text, line ${i + 1}`);

  function source({ width = 1920, height = 1080, fps = 15 } = {}) {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext('2d', { alpha: false });
    const stream = canvas.captureStream(0);
    const track = stream.getVideoTracks()[0];
    const stripe = Math.round(height / 16);
    const block = width / BLOCKS;
    const lineHeight = Math.round(height / 24);
    let frame = 0;
    let timer = null;
    const draw = () => {
      if (track.readyState === 'ended') return;
      g.fillStyle = '#f4f4f4';
      g.fillRect(0, stripe, width, height - stripe);
      g.fillStyle = '#202020';
      g.font = `${Math.round(lineHeight * 0.6)}px sans-serif`;
      const scroll = (frame * 4) % lineHeight;
      const first = Math.floor((frame * 4) / lineHeight);
      for (let y = stripe + lineHeight - scroll, i = first; y < height + lineHeight; y += lineHeight, i++) {
        g.fillText(LINES[i % LINES.length], width * 0.05, y);
      }
      // The cursor: a box moving across the page.
      g.fillStyle = '#1060d0';
      g.fillRect((frame * 23) % width, stripe + ((frame * 7) % (height - stripe - 20)), 16, 20);
      const code = Math.round(clock() * 10) >>> 0;
      const bits = code * 256 + checksum(code); // 40 bits, exact in a double
      for (let b = 0; b < BLOCKS; b++) {
        const bit = Math.floor(bits / 2 ** (BLOCKS - 1 - b)) % 2;
        g.fillStyle = bit ? '#ffffff' : '#000000';
        g.fillRect(Math.round(b * block), 0, Math.ceil(block), stripe);
      }
      track.requestFrame();
      frame++;
    };
    // Frames at the rate asked, on a drift-free schedule.
    const period = 1000 / fps;
    const start = performance.now();
    const tick = () => {
      draw();
      if (track.readyState === 'ended') return;
      const next = start + frame * period;
      timer = setTimeout(tick, Math.max(0, next - performance.now()));
    };
    tick();
    track.addEventListener('ended', () => clearTimeout(timer));
    const stop = track.stop.bind(track);
    track.stop = () => {
      clearTimeout(timer);
      stop();
    };
    return stream;
  }

  function replaceScreen() {
    navigator.mediaDevices.getDisplayMedia = async (options = {}) => {
      const v = (options && options.video) || {};
      const pick = (c, fallback) => (c && typeof c === 'object' ? c.max ?? c.ideal ?? fallback : typeof c === 'number' ? c : fallback);
      return source({ width: pick(v.width, 1920), height: pick(v.height, 1080), fps: pick(v.frameRate, 15) });
    };
  }

  let frames = [];
  let unreadable = 0;
  let reader = null;
  function read(video) {
    const w = video.videoWidth;
    const h = video.videoHeight;
    if (!w || !h) return null;
    if (!reader) {
      const canvas = document.createElement('canvas');
      canvas.width = BLOCKS * 4;
      canvas.height = 1;
      reader = canvas.getContext('2d', { willReadFrequently: true });
    }
    // The middle row of the stripe, scaled to 4 px a block; the block's two middle pixels decide.
    reader.drawImage(video, 0, Math.floor(h / 32), w, 1, 0, 0, BLOCKS * 4, 1);
    const px = reader.getImageData(0, 0, BLOCKS * 4, 1).data;
    let bits = 0;
    for (let b = 0; b < BLOCKS; b++) {
      const i = (b * 4 + 1) * 4;
      const luma = (px[i] + px[i + 1] + px[i + 2] + px[i + 4] + px[i + 5] + px[i + 6]) / 6;
      bits = bits * 2 + (luma > 127 ? 1 : 0);
    }
    const code = Math.floor(bits / 256);
    if (bits % 256 !== checksum(code)) return null;
    // Back from 0.1 ms mod 2^32 to the full clock: the latest such time not after now.
    const now = Math.round(clock() * 10);
    let full = Math.floor(now / 2 ** 32) * 2 ** 32 + code;
    if (full > now + 10_000) full -= 2 ** 32; // 1 s of slack for clocks of other pages
    return full / 10;
  }

  function watch(video) {
    if (video.__timecodeWatched) return;
    video.__timecodeWatched = true;
    const seen = new Set();
    const onFrame = (now, meta) => {
      const drawn = read(video);
      if (drawn === null) unreadable++;
      else if (!seen.has(drawn)) {
        seen.add(drawn);
        if (seen.size > 1000) seen.clear();
        frames.push({
          drawn,
          expectedDisplay: performance.timeOrigin + meta.expectedDisplayTime,
          presentation: performance.timeOrigin + meta.presentationTime,
          receive: meta.receiveTime ? performance.timeOrigin + meta.receiveTime : null,
          capture: meta.captureTime ? performance.timeOrigin + meta.captureTime : null,
          width: meta.width,
          height: meta.height,
        });
      }
      if (video.isConnected || video.srcObject) video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  function take() {
    const out = { frames, unreadable };
    frames = [];
    unreadable = 0;
    return out;
  }

  let wanted = null;
  let patched = false;
  function preferCodec(mime) {
    wanted = mime ? mime.toLowerCase() : null;
    if (patched) return;
    patched = true;
    const proto = window.RTCPeerConnection.prototype;
    const original = proto.createOffer;
    proto.createOffer = function (...args) {
      const caps = wanted && RTCRtpSender.getCapabilities('video');
      if (caps) {
        const codecs = caps.codecs
          .filter((c) => c.mimeType.toLowerCase() === wanted || /\/(rtx|red|ulpfec)$/i.test(c.mimeType))
          .sort((a, b) => score(b) - score(a));
        for (const t of this.getTransceivers()) {
          if (t.receiver.track.kind === 'video' && !t.stopped) {
            try {
              t.setCodecPreferences(codecs);
            } catch {
              /* a transceiver that cannot take them keeps its own */
            }
          }
        }
      }
      return original.apply(this, args);
    };
    const score = (c) => {
      if (c.mimeType.toLowerCase() !== wanted) return 0;
      const f = c.sdpFmtpLine || '';
      return 2 + (/packetization-mode=1/.test(f) ? 2 : 0) + (/profile-level-id=42e01f/i.test(f) ? 1 : 0);
    };
  }

  window.__timecode = { source, replaceScreen, watch, take, preferCodec, clock };
})();
