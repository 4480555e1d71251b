// The raw baseline (bench/first-frame.ts): hand-written WebRTC, two RTCPeerConnections in one page, offer and answer
// handed over directly. The sharing side has the same three m-lines as <gs-screen-share> (audio recvonly, main
// video recvonly, slides video inactive) and the same capture (getDisplayMedia, video only). Plain JS, run in the
// page after bench/page/instrument.js.
//   window.rawRun({ trickle, displayMedia, contentHint }) → { t0, connected, t1, captured, frame, firstFrame }
//     trickle true: candidates go across as they come (what a hand-written page does);
//     trickle false: each description waits for complete ICE gathering (what our protocol carries);
//     displayMedia: the getDisplayMedia options (default { video: true, audio: false }: the browser's default size
//     and rate); contentHint: set on the captured track when given (bench/first-frame.ts passes our preset's).
//   t0 = new RTCPeerConnection → connected = pc1.connectionState 'connected';
//   t1 = getDisplayMedia → attach the track, renegotiate → frame = first frame presented by the receiving <video>.
//     h264: H.264 Constrained Baseline (packetization-mode 1) first in pc1's video codecs, as <gs-screen-share>'s device
//     path offers it (src/protocol/answer-repair.ts deviceCodecOrder), so both sides of the comparison use the same codec.
window.rawRun = async function rawRun({ trickle = true, displayMedia = { video: true, audio: false }, contentHint, h264 = false, timeoutMs = 15000 } = {}) {
  const b = window.__bench;
  b.reset();
  const t0 = b.clock();
  const pc1 = new RTCPeerConnection();
  const pc2 = new RTCPeerConnection();
  if (trickle) {
    pc1.addEventListener('icecandidate', (e) => e.candidate && pc2.addIceCandidate(e.candidate).catch(() => {}));
    pc2.addEventListener('icecandidate', (e) => e.candidate && pc1.addIceCandidate(e.candidate).catch(() => {}));
  }
  const gathered = (pc) =>
    pc.iceGatheringState === 'complete'
      ? Promise.resolve()
      : new Promise((resolve) => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve()));
  pc1.addTransceiver('audio', { direction: 'recvonly' });
  pc1.addTransceiver('video', { direction: 'recvonly' });
  const slides = pc1.addTransceiver('video', { direction: 'inactive' });
  if (h264) {
    const codecs = RTCRtpReceiver.getCapabilities('video').codecs;
    const first = codecs.find((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || '') && /profile-level-id=42e01f/.test(c.sdpFmtpLine || ''));
    const ordered = first ? [first, ...codecs.filter((c) => c !== first)] : codecs;
    for (const t of pc1.getTransceivers()) if (t.receiver.track.kind === 'video') t.setCodecPreferences(ordered);
  }
  const video = document.createElement('video');
  video.muted = true;
  video.autoplay = true;
  video.playsInline = true;
  video.style.width = '640px';
  document.body.append(video);
  pc2.addEventListener('track', (e) => {
    if (e.track.kind === 'video') video.srcObject = new MediaStream([e.track]);
  });
  const negotiate = async () => {
    await pc1.setLocalDescription();
    if (!trickle) await gathered(pc1);
    await pc2.setRemoteDescription(pc1.localDescription);
    await pc2.setLocalDescription();
    if (!trickle) await gathered(pc2);
    await pc1.setRemoteDescription(pc2.localDescription);
  };
  const connectedAt = new Promise((resolve) => {
    const check = () => pc1.connectionState === 'connected' && resolve(b.clock());
    pc1.addEventListener('connectionstatechange', check);
  });
  let stream = null;
  try {
    await negotiate();
    const connected = await connectedAt;

    const t1 = b.clock();
    stream = await navigator.mediaDevices.getDisplayMedia(displayMedia);
    const captured = b.clock();
    if (contentHint) stream.getVideoTracks()[0].contentHint = contentHint;
    slides.direction = 'sendonly';
    await slides.sender.replaceTrack(stream.getVideoTracks()[0]);
    await negotiate();
    const firstFrame = await b.waitFirstFrame(timeoutMs);
    return { t0, connected, t1, captured, frame: firstFrame ? firstFrame.presented : null, firstFrame, trace: b.trace.slice() };
  } finally {
    stream?.getTracks().forEach((t) => t.stop());
    pc1.close();
    pc2.close();
    video.srcObject = null;
    video.remove();
  }
};

// The raw pair for bench/latency.ts and bench/cpu.ts: the same two peers, kept up while the bench measures.
//   window.rawPair.start({ capture: 'timecode' | 'screen', displayMedia, contentHint, watch }) → { firstFrame }
//     capture 'timecode': bench/page/timecode.js's canvas at displayMedia's size and rate; 'screen': getDisplayMedia.
//     watch: read the time code of every frame the receiving <video> presents (window.__timecode.take()).
//     tuning: { encoding, degradationPreference, startBitrateKbps } — the slides sender tuned as our preset tunes it
//     (setParameters) and the encoder's start bitrate in the answer (x-google-start-bitrate), so both sides encode
//     the same picture size at the same rates; without it, the browser's defaults.
//   window.rawPair.inbound() / outbound() → the receiver's video inbound-rtp / the sender's outbound-rtp; window.rawPair.stop().
window.rawPair = (() => {
  let pc1 = null;
  let pc2 = null;
  let stream = null;
  let video = null;
  const stop = () => {
    stream?.getTracks().forEach((t) => t.stop());
    pc1?.close();
    pc2?.close();
    if (video) {
      video.srcObject = null;
      video.remove();
    }
    pc1 = pc2 = stream = video = null;
  };
  const startBitrate = (sdp, kbps) => {
    const out = [];
    let video = false;
    const encoders = new Set();
    const withFmtp = new Set();
    const lines = sdp.split('\r\n');
    for (const line of lines) {
      if (line.startsWith('m=')) video = line.startsWith('m=video');
      const m = /^a=rtpmap:(\d+) (\S+)/.exec(line);
      if (video && m && !/^(rtx|red|ulpfec|flexfec)/i.test(m[2])) encoders.add(m[1]);
    }
    for (const line of lines) {
      const f = /^a=fmtp:(\d+) (.*)$/.exec(line);
      if (f && encoders.has(f[1])) {
        withFmtp.add(f[1]);
        out.push(`${line};x-google-start-bitrate=${kbps}`);
        continue;
      }
      out.push(line);
      const m = /^a=rtpmap:(\d+) /.exec(line);
      if (m && encoders.has(m[1]) && !lines.some((l) => l.startsWith(`a=fmtp:${m[1]} `))) out.push(`a=fmtp:${m[1]} x-google-start-bitrate=${kbps}`);
    }
    return out.join('\r\n');
  };
  const start = async ({ capture = 'screen', displayMedia = { video: true, audio: false }, contentHint, watch = false, tuning, timeoutMs = 15000 } = {}) => {
    stop();
    const b = window.__bench;
    b.reset();
    pc1 = new RTCPeerConnection();
    pc2 = new RTCPeerConnection();
    const a = pc1;
    const z = pc2;
    a.addEventListener('icecandidate', (e) => e.candidate && z.addIceCandidate(e.candidate).catch(() => {}));
    z.addEventListener('icecandidate', (e) => e.candidate && a.addIceCandidate(e.candidate).catch(() => {}));
    a.addTransceiver('audio', { direction: 'recvonly' });
    a.addTransceiver('video', { direction: 'recvonly' });
    const slides = a.addTransceiver('video', { direction: 'inactive' });
    video = document.createElement('video');
    video.muted = true;
    video.autoplay = true;
    video.playsInline = true;
    video.style.width = '640px';
    document.body.append(video);
    const v = video;
    z.addEventListener('track', (e) => {
      if (e.track.kind === 'video') {
        v.srcObject = new MediaStream([e.track]);
        if (watch) window.__timecode.watch(v);
      }
    });
    const negotiate = async () => {
      await a.setLocalDescription(await a.createOffer()); // createOffer: bench/page/timecode.js preferCodec hooks it
      await z.setRemoteDescription(a.localDescription);
      await z.setLocalDescription();
      const answer = z.localDescription.sdp;
      await a.setRemoteDescription({ type: 'answer', sdp: tuning && tuning.startBitrateKbps ? startBitrate(answer, tuning.startBitrateKbps) : answer });
    };
    await negotiate();
    if (capture === 'timecode') {
      const c = (displayMedia && displayMedia.video) || {};
      const max = (x, d) => (x && typeof x === 'object' ? x.max ?? x.ideal ?? d : d);
      stream = window.__timecode.source({ width: max(c.width, 1920), height: max(c.height, 1080), fps: max(c.frameRate, 15) });
    } else stream = await navigator.mediaDevices.getDisplayMedia(displayMedia);
    if (contentHint) stream.getVideoTracks()[0].contentHint = contentHint;
    slides.direction = 'sendonly';
    await slides.sender.replaceTrack(stream.getVideoTracks()[0]);
    if (tuning) {
      const parameters = slides.sender.getParameters();
      for (const encoding of parameters.encodings) Object.assign(encoding, tuning.encoding);
      if (tuning.degradationPreference) parameters.degradationPreference = tuning.degradationPreference;
      await slides.sender.setParameters(parameters);
    }
    await negotiate();
    const firstFrame = await b.waitFirstFrame(timeoutMs);
    return { firstFrame };
  };
  const inbound = async () => {
    let out = null;
    if (!pc2) return out;
    (await pc2.getStats()).forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && (!out || (s.framesDecoded ?? 0) > (out.framesDecoded ?? 0))) out = s;
    });
    return out && JSON.parse(JSON.stringify(out));
  };
  const codec = async () => {
    if (!pc2) return null;
    const stats = await pc2.getStats();
    let mime = null;
    stats.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video' && s.codecId && (s.framesDecoded ?? 0) > 0) mime = stats.get(s.codecId)?.mimeType ?? mime;
    });
    return mime;
  };
  const outbound = async () => {
    let out = null;
    if (!pc1) return out;
    (await pc1.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video' && (!out || (s.framesEncoded ?? 0) > (out.framesEncoded ?? 0))) out = s;
    });
    return out && JSON.parse(JSON.stringify(out));
  };
  return { start, stop, inbound, outbound, codec };
})();
