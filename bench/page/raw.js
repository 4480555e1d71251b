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
