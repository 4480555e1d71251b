/**
 * A device stand-in for end-to-end tests: a page whose real RTCPeerConnection registers as terminal `<id>` on the
 * signalling server's device socket (`ws://…/terminals/<id>/device`, gs-webrtc-json), answers createMediaSession
 * and updateMediaSession with a real Chromium answer, and then reshapes the answer's text the way one row of
 * DEVICE.md's "Measured" table says a device answers (groups, H.264 profile and level, a=framerate, directions,
 * a=content / a=mid, m-line order). Its own peer connection keeps Chromium's answer, so the transports it really
 * has (one per m-line unless `keepGroups`) are the ones the reshaped text describes.
 */
import type { Page } from 'playwright-core';
import { inboundVideoCodec } from './harness.js';

/** How the stand-in shapes its answers. */
export interface StandInShape {
  /** Keep the offer's a=group lines (Chromium answers one group); otherwise they are dropped before setRemoteDescription. */
  keepGroups?: boolean;
  /** Write one `a=group:BUNDLE <mid>` per m-line into the answer text (a browser echoing the original's offer). */
  perLineGroups?: boolean;
  /**
   * Write `a=group:BUNDLE <first mid>` only (a device that keeps the first m-line of the offer's group): its own
   * connection has one transport per m-line, so a group of one is what it really has.
   */
  firstOnlyGroup?: boolean;
  /** Answer H.264 only, with this profile-level-id written first in the fmtp line (e.g. `42801F`, `640028`). */
  h264Profile?: string;
  /** `a=framerate` written on the video m-lines. */
  framerate?: number;
  /** b=AS (kbps) and b=TIAS written on the video m-lines. */
  bandwidthKbps?: number;
  /** Direction written on the slides m-line in the first answer / in the update's answer, and on main. */
  slidesFirst?: string;
  slidesUpdate?: string;
  main?: string;
  /** Drop a=content / a=mid from the answer text. */
  noContent?: boolean;
  noMid?: boolean;
  /** Put the audio m-line last. */
  audioLast?: boolean;
}

const script = (wsUrl: string, shape: StandInShape) => `(async () => {
  const shape = ${JSON.stringify(shape)};
  const EOL = '\\r\\n';
  const split = (sdp) => {
    const lines = sdp.split(/\\r?\\n/).filter(Boolean);
    const session = [], media = [];
    for (const l of lines) { if (l.startsWith('m=')) media.push([l]); else if (!media.length) session.push(l); else media[media.length - 1].push(l); }
    return { session, media };
  };
  const join = (session, media) => [...session, ...media.flat()].join(EOL) + EOL;
  const dirs = ['a=sendrecv', 'a=sendonly', 'a=recvonly', 'a=inactive'];
  const reshape = (sdp, update) => {
    let { session, media } = split(sdp);
    session = session.filter((l) => !l.startsWith('a=group:'));
    if (shape.keepGroups) session.push(...split(sdp).session.filter((l) => l.startsWith('a=group:')));
    const mids = media.map((s) => (s.find((l) => l.startsWith('a=mid:')) || '').slice(6));
    if (shape.perLineGroups) session.push(...mids.map((m) => 'a=group:BUNDLE ' + m));
    if (shape.firstOnlyGroup) session.push('a=group:BUNDLE ' + mids[0]);
    media = media.map((s, i) => {
      const video = s[0].startsWith('m=video');
      let out = s.slice();
      if (video && shape.h264Profile) {
        out = out.map((l) => {
          const m = /^a=fmtp:(\\d+) (.*)$/.exec(l);
          if (!m || !out.some((x) => x === 'a=rtpmap:' + m[1] + ' H264/90000')) return l;
          const rest = m[2].split(';').filter((p) => !/^(profile-level-id|level-asymmetry-allowed)=/.test(p));
          return 'a=fmtp:' + m[1] + ' ' + ['profile-level-id=' + shape.h264Profile, ...rest].join(';');
        });
      }
      if (video && shape.framerate) {
        const at = out.findIndex((l) => l.startsWith('a=rtpmap:'));
        out.splice(at + 1, 0, 'a=framerate:' + shape.framerate);
      }
      if (video && shape.bandwidthKbps) {
        const at = out.findIndex((l) => l.startsWith('c='));
        out.splice(at + 1, 0, 'b=AS:' + shape.bandwidthKbps, 'b=TIAS:' + shape.bandwidthKbps * 1000);
      }
      const want = i === 2 ? (update ? shape.slidesUpdate : shape.slidesFirst) : i === 1 ? shape.main : undefined;
      if (want) out = out.map((l) => (dirs.includes(l) ? 'a=' + want : l));
      if (shape.noContent) out = out.filter((l) => !l.startsWith('a=content:'));
      if (shape.noMid) out = out.filter((l) => !l.startsWith('a=mid:'));
      return out;
    });
    if (shape.audioLast) media = [...media.slice(1), media[0]];
    return join(session, media);
  };
  const state = { frames: 0, answers: [], offers: [], errors: [], received: [] };
  window.standIn = state;
  let pc = null;
  const ws = new WebSocket(${JSON.stringify(wsUrl)}, 'gs-webrtc-json');
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('device socket failed')); });
  const send = (action, body) => ws.send(JSON.stringify({ [action]: body }));
  const reply = (action, body, code, extra) =>
    send(action + 'Ret', { userName: body.userName, reqId: body.reqId, rspInfo: { rspCode: code, rspMsg: code === 200 ? 'OK' : 'error' }, ...extra });
  const gathered = () => new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const t = setTimeout(resolve, 3000);
    pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); } });
  });
  const answer = async (offerText, update) => {
    state.offers.push(offerText);
    const offer = shape.keepGroups ? offerText : join(split(offerText).session.filter((l) => !l.startsWith('a=group:')), split(offerText).media);
    await pc.setRemoteDescription({ type: 'offer', sdp: offer });
    if (shape.h264Profile) {
      const h264 = RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === 'video/H264' && /packetization-mode=1/.test(c.sdpFmtpLine || '') && /profile-level-id=42e01f/.test(c.sdpFmtpLine || ''));
      for (const t of pc.getTransceivers()) if (t.receiver.track.kind === 'video') t.setCodecPreferences(h264);
    }
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered();
    const text = reshape(pc.localDescription.sdp, update);
    state.answers.push(text);
    return { sdp: { length: text.length, data: text } };
  };
  ws.onmessage = async (event) => {
    if (typeof event.data !== 'string' || !event.data.startsWith('{')) return;
    const frame = JSON.parse(event.data);
    const action = Object.keys(frame)[0];
    const body = frame[action];
    state.received.push(action + (body.sendPermission !== undefined ? '(' + body.sendPermission + ')' : ''));
    try {
      if (action === 'createMediaSession') {
        pc?.close();
        pc = new RTCPeerConnection({ bundlePolicy: 'max-compat' });
        window.standInPc = pc;
        reply(action, body, 200, await answer(body.sdp.data, false));
      } else if (action === 'updateMediaSession') {
        reply(action, body, 200, await answer(body.sdp.data, true));
      } else if (action === 'destroyMediaSession') {
        reply(action, body, 200, {});
        pc?.close();
      } else if (action.endsWith('Ret')) {
        // Replies to our own requests: nothing to do.
      } else {
        reply(action, body, 200, {});
      }
    } catch (error) {
      state.errors.push(action + ': ' + error.message);
      reply(action, body, 488, {});
    }
  };
})()`;

/** Starts a stand-in for terminal `id` in `page` (any page of the server's origin) and waits until it is registered. */
export async function startStandIn(page: Page, wsUrl: string, shape: StandInShape): Promise<void> {
  await page.evaluate(script(wsUrl, shape));
}

/** Frames the stand-in decoded, over all its inbound video. */
export function standInFrames(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const pc = (window as unknown as { standInPc?: RTCPeerConnection }).standInPc;
    if (!pc || pc.connectionState === 'closed') return 0;
    let frames = 0;
    (await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
    });
    return frames;
  });
}

/** The mimeType of the codec the stand-in decodes. */
export function standInCodec(page: Page): Promise<string | undefined> {
  return inboundVideoCodec(page, 'standIn');
}
