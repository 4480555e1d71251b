/**
 * bench/setup: do ours and the raw pair of bench/latency.ts encode with the same set-up? One share of each at
 * `preset` and `codec` (time-code canvas, as bench/latency.ts shares), 3 s after the first frame, then prints for
 * both: the peer connection's configuration, the slides sender's getParameters() (degradationPreference, encodings:
 * maxBitrate, maxFramerate, scaleResolutionDownBy; header extensions; codecs), the track's contentHint and
 * settings, the sender's outbound-rtp (size, fps, encode ms, quality limitation), the video m-lines of the local and
 * remote descriptions (codecs, fmtp, extmap, direction) and the receiver's jitter buffer and decode times.
 *
 *   node --import tsx bench/setup.ts [text|balanced|motion] [vp8|h264]     (after npm run build)
 */
import { openLatencyPages, rawPlan, rawTuning, CODECS } from './latency.js';
import { displayMediaOptions } from '../src/session/quality.js';
import { sharerPage, startBench, terminalPage, terminalReady } from './support.js';

const SENDER = (pcExpr: string) => `(async () => {
  const pc = ${pcExpr};
  const t = pc.getTransceivers().find((t) => t.sender.track && t.sender.track.kind === 'video');
  const p = t.sender.getParameters();
  const tr = t.sender.track;
  const stats = await pc.getStats();
  let out = null; let codec = null;
  stats.forEach((s) => { if (s.type === 'outbound-rtp' && s.kind === 'video' && (s.framesEncoded ?? 0) > 0) { out = s; codec = stats.get(s.codecId); } });
  const pick = (sdp) => { const secs = sdp.split(/\\r\\n(?=m=)/); return secs.filter((s) => /a=(sendonly|sendrecv|recvonly)/.test(s) && s.startsWith('m=video')).map((s) => s.split('\\r\\n').filter((l) => /^(m=|b=|a=extmap|a=fmtp|a=rtpmap|a=rtcp-fb|a=send|a=recv|a=mid|a=content)/.test(l)).join('\\n')); };
  return { conf: pc.getConfiguration(), params: { degradationPreference: p.degradationPreference, encodings: p.encodings, headerExtensions: p.headerExtensions.map((h) => h.uri), codecs: p.codecs.slice(0,3).map((c) => c.mimeType + ' ' + (c.sdpFmtpLine||'')) },
    track: { hint: tr.contentHint, settings: tr.getSettings(), constraints: tr.getConstraints() },
    out: out && { encoderImplementation: out.encoderImplementation, targetBitrate: out.targetBitrate, frameWidth: out.frameWidth, frameHeight: out.frameHeight, fps: out.framesPerSecond, qlr: out.qualityLimitationReason, scalabilityMode: out.scalabilityMode, encodeMs: out.totalEncodeTime / out.framesEncoded * 1000, pktSendDelay: out.totalPacketSendDelay / out.packetsSent * 1000, codec: codec && (codec.mimeType + ' ' + codec.sdpFmtpLine) },
    local: pick(pc.localDescription.sdp), remote: pick(pc.remoteDescription.sdp) };
})()`;
const RECEIVER = (pcExpr: string) => `(async () => {
  const pc = ${pcExpr};
  const stats = await pc.getStats(); let inb = null;
  stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) inb = s; });
  return inb && { decoder: inb.decoderImplementation, jbDelay: inb.jitterBufferDelay / inb.jitterBufferEmittedCount * 1000, jbTarget: inb.jitterBufferTargetDelay / inb.jitterBufferEmittedCount * 1000, jbMin: inb.jitterBufferMinimumDelay / inb.jitterBufferEmittedCount * 1000, decodeMs: inb.totalDecodeTime / inb.framesDecoded * 1000, procDelay: inb.totalProcessingDelay / inb.framesDecoded * 1000, assembly: inb.totalAssemblyTime / (inb.framesAssembledFromMultiplePackets||1) * 1000, fps: inb.framesPerSecond, w: inb.frameWidth, conf: pc.getConfiguration().bundlePolicy };
})()`;

const preset = (process.argv[2] ?? 'balanced') as 'text';
const codec = (process.argv[3] ?? 'vp8') as 'vp8';
const bench = await startBench();
try {
  const pages = await openLatencyPages(bench, 'dump');
  await terminalReady(bench, pages.terminal);
  await pages.sharer.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[codec])})`);
  await pages.sharer.evaluate(`(async () => { const el = document.querySelector('gs-screen-share'); el.quality = ${JSON.stringify(preset)}; await el.updateComplete; })()`);
  await pages.sharer.evaluate(sharerPage.call);
  await pages.terminal.evaluate(terminalPage.reset);
  await pages.sharer.evaluate(sharerPage.beginScreen);
  await pages.terminal.evaluate(terminalPage.firstFrame(15000));
  await new Promise((r) => setTimeout(r, 3000));
  console.log('OURS sender', JSON.stringify(await pages.sharer.evaluate(SENDER("document.querySelector('gs-screen-share').peerConnection")), null, 1));
  console.log('OURS receiver', JSON.stringify(await pages.terminal.evaluate(RECEIVER("document.querySelector('gs-terminal').peerConnection")), null, 1));
  await pages.sharer.evaluate(sharerPage.hangUp);
  const plan = rawPlan(preset, codec);
  await pages.raw.evaluate(`window.__timecode.preferCodec(${JSON.stringify(CODECS[codec])})`);
  await pages.raw.evaluate(`(() => { const O = RTCPeerConnection; window.__pcs = []; window.RTCPeerConnection = function (...a) { const pc = new O(...a); window.__pcs.push(pc); return pc; }; window.RTCPeerConnection.prototype = O.prototype; })()`);
  const options = { capture: 'timecode', displayMedia: displayMediaOptions(plan), contentHint: plan.contentHint, watch: true, tuning: rawTuning(plan) };
  await pages.raw.evaluate(`window.rawPair.start(${JSON.stringify(options)})`);
  await new Promise((r) => setTimeout(r, 3000));
  console.log('RAW sender', JSON.stringify(await pages.raw.evaluate(SENDER('window.__pcs.at(-2)')), null, 1));
  console.log('RAW receiver', JSON.stringify(await pages.raw.evaluate(RECEIVER('window.__pcs.at(-1)')), null, 1));
  await pages.raw.evaluate('window.rawPair.stop()');
} finally {
  await bench.close();
}
