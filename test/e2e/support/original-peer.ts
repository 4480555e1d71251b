/**
 * A peer shaped like the original gsRTC client (DEVICE.md "What the original sends" and "What the original does to
 * an answer"), for end-to-end tests of our terminal: a script run in a Chromium page that opens the page socket of
 * our server (`ws://…/terminals/<id>`, sub-protocol gs-webrtc-json; the original connected to the device address
 * the same way, with no registration frame: its first frame is createMediaSession) and drives a real
 * RTCPeerConnection as the original sets its own up. Written from DEVICE.md's facts, not from the original's code:
 *
 * - `bundlePolicy: 'max-compat'`, three sendrecv transceivers: audio (mid 0), main video (mid 1), slides (mid 2);
 * - the local description keeps Chromium's one `a=group:BUNDLE 0 1 2`; the wire text is rewritten from it
 *   ({@link wireText} in the page: one `a=group:BUNDLE <mid>` and one `a=msid-semantic:  WMS` per m-line,
 *   `a=content:main` / `a=content:slides`, no ssrc lines, every m-line `recvonly` — the slides `sendrecv` with its
 *   ssrc in the update offer —, audio opus / G722 / PCMU / PCMA, video one H.264 42e01f packetization-mode 1 plus
 *   its rtx, VP8 / VP9 / red / ulpfec removed, complete SDP, no b= lines);
 * - frames with the action first, random reqIds 0–100, userName `webRTC_Client`, the hang-up
 *   `"sdp":{"data":{"value":5}}`, the socket closed after the hang-up's reply;
 * - answers repaired before setRemoteDescription: m-lines and mids restored by `a=content`, else kind, else mid;
 *   every H.264 `profile-level-id` rewritten to `42e0` + the answer's level; `x-google-min/start/max-bitrate=10240`
 *   on every codec; `a=group` lines left as they came. The first answer's slides level and `a=framerate` become the
 *   capture's ideal / max (the original's level table).
 *
 * The page exposes `window.orig` (see {@link OriginalPeer}); tests call it through `page.evaluate`.
 */
import type { Page } from 'playwright-core';

/** What a request of the peer resolves with: the reply body as received, and the wire text of the request. */
export interface Exchange {
  sent: string;
  reply: Record<string, unknown>;
  replyText: string;
}

/** The API the script puts on `window.orig` (all in the page). */
export interface OriginalPeer {
  /** Every text frame received, keep-alives aside. */
  received: string[];
  /** Every frame sent, keep-alives aside. */
  sent: string[];
  /** The capability read from the first answer: `{ level, width, height, fps }`, or null before. */
  capability: { level: string; width: number; height: number; fps: number } | null;
  /** The peer connection of the call, or null. */
  pc: RTCPeerConnection | null;
  connect(url: string): Promise<void>;
  /**
   * How the peer answers the terminal's requests, by action: `{ code, msg }` (`msg: null` = an rspInfo without
   * rspMsg); an action not listed gets no reply.
   */
  replyWith: Record<string, { code: number; msg: string | null }>;
  /**
   * createMediaSession with the rewritten offer (with `lengthOfLocal`, an `sdp.length` that counts the local
   * description, not the text sent); on 200 the repaired answer is set.
   */
  call(lengthOfLocal?: boolean): Promise<Exchange & { local: string; wire: string; repaired?: string }>;
  /** getDisplayMedia at the capability's ideal / max size and frame rate. */
  capture(): Promise<void>;
  /** The capture on the slides transceiver, then updateMediaSession with the slides sendrecv. */
  sendSlides(): Promise<Exchange & { wire: string }>;
  /** Capture, ctrlPresentation(1), then on 200 updateMediaSession with the slides sendrecv. */
  beginScreen(): Promise<{ ctrl: Exchange; update?: Exchange & { wire: string } }>;
  /** A request of the original's shape (userName webRTC_Client, random reqId); resolves with its reply. */
  request(action: string, extra: Record<string, unknown>): Promise<Exchange>;
  /** Sends a text frame as it is. */
  send(text: string): void;
  /** track.enabled only, as the original (no frame). */
  pause(paused: boolean): void;
  /** ctrlPresentation(0); the capture stopped. */
  stopScreen(): Promise<Exchange>;
  /** destroyMediaSession with sdp.data.value 5, then the socket and peer closed. */
  hangUp(): Promise<Exchange>;
  /** Sends `sdp` as it is in a createMediaSession or updateMediaSession and returns the reply. */
  offerAsIs(action: string, sdp: string): Promise<Exchange>;
  /**
   * A fresh original-style peer (its slides sending a canvas track when `slidesSending`), its offer set as local
   * description; then `answer` repaired and set as remote description. Returns the wire text of its own offer and
   * the outcome.
   */
  acceptAsOriginal(answer: string, slidesSending: boolean): Promise<{ wire: string; repaired: string; error: string | null }>;
}

const script = `(() => {
  const EOL = '\\r\\n';
  const split = (sdp) => {
    const session = [], media = [];
    for (const l of sdp.split(/\\r?\\n/).filter(Boolean)) {
      if (l.startsWith('m=')) media.push([l]); else if (!media.length) session.push(l); else media[media.length - 1].push(l);
    }
    return { session, media };
  };
  const join = (session, media) => [...session, ...media.flat()].join(EOL) + EOL;
  const midOf = (s) => (s.find((l) => l.startsWith('a=mid:')) || '').slice(6) || undefined;
  const kindOf = (s) => s[0].slice(2).split(' ')[0];
  const ptsOf = (s) => s[0].split(' ').slice(3);
  const rtpmap = (s, pt) => (s.find((l) => l.startsWith('a=rtpmap:' + pt + ' ')) || '').split(' ')[1] || '';
  const fmtp = (s, pt) => (s.find((l) => l.startsWith('a=fmtp:' + pt + ' ')) || '').slice(('a=fmtp:' + pt + ' ').length);
  const DIRECTIONS = ['a=sendrecv', 'a=sendonly', 'a=recvonly', 'a=inactive'];
  const CONTENT = { 1: 'main', 2: 'slides' };

  /** Keeps the payload types \`keep\` of an m-section (m= formats, rtpmap / fmtp / rtcp-fb lines). */
  const keepPts = (s, keep) => s.filter((l, i) => {
    if (i === 0) return true;
    const m = /^a=(?:rtpmap|fmtp|rtcp-fb):(\\d+) /.exec(l);
    return !m || keep.has(m[1]);
  }).map((l, i) => (i === 0 ? [...l.split(' ').slice(0, 3), ...ptsOf(s).filter((pt) => keep.has(pt))].join(' ') : l));

  /** The codecs the original leaves in its wire offer. */
  const wireCodecs = (s) => {
    const pts = ptsOf(s);
    if (kindOf(s) === 'audio') return new Set(pts.filter((pt) => /^(opus|G722|PCMU|PCMA)\\//i.test(rtpmap(s, pt))));
    const h264 = pts.filter((pt) => /^H264\\//i.test(rtpmap(s, pt)) && /packetization-mode=1/.test(fmtp(s, pt)));
    const chosen = h264.find((pt) => /profile-level-id=42e01f/i.test(fmtp(s, pt))) || h264.find((pt) => /profile-level-id=42e028/i.test(fmtp(s, pt))) || h264[0];
    const keep = new Set();
    for (const pt of pts) {
      const name = rtpmap(s, pt).split('/')[0].toLowerCase();
      if (['vp8', 'vp9', 'red', 'ulpfec', 'h264'].includes(name)) { if (pt === chosen) keep.add(pt); continue; }
      if (name !== 'rtx') keep.add(pt);
    }
    for (const pt of pts) {
      const apt = /apt=(\\d+)/.exec(fmtp(s, pt));
      if (rtpmap(s, pt).toLowerCase().startsWith('rtx/') && apt && keep.has(apt[1])) keep.add(pt);
    }
    return keep;
  };

  /**
   * The original writes each m-section back in one fixed order of its attributes (the captured wire offers), not
   * in Chromium's: the lines sorted by kind, stably, so each kind keeps the m= line's payload order.
   */
  const RANK = ['c=', 'b=', 'a=rtpmap:', 'a=fmtp:', 'a=rtcp:', 'a=rtcp-fb:', 'a=extmap:', 'a=setup:', 'a=mid:', 'a=msid:',
    'a=sendrecv', 'a=sendonly', 'a=recvonly', 'a=inactive', 'a=ice-ufrag:', 'a=ice-pwd:', 'a=fingerprint:', 'a=candidate:',
    'a=ice-options:', 'a=ssrc:', 'a=ssrc-group:', 'a=rtcp-mux', 'a=rtcp-rsize', 'a=content:', ''];
  const rankOf = (l) => {
    const i = RANK.findIndex((p) => p && (l === p || (p.endsWith(':') || p.endsWith('=')) && l.startsWith(p)));
    return i >= 0 ? i : RANK.indexOf('');
  };
  const order = ([m, ...rest]) => [m, ...rest.map((l, i) => [rankOf(l), i, l]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2])];

  /** The original's wire text of its local description \`local\` (DEVICE.md "What the original sends"). */
  const wireText = (local, update) => {
    const { session, media } = split(local);
    const mids = media.map(midOf);
    const head = session.filter((l) => !l.startsWith('a=group:') && !l.startsWith('a=msid-semantic'));
    const at = head.findIndex((l) => l.startsWith('t=')) + 1;
    head.splice(at, 0, ...mids.map(() => 'a=msid-semantic:  WMS'), ...mids.map((m) => 'a=group:BUNDLE ' + m));
    const sections = media.map((s, i) => {
      const sending = update && mids[i] === '2';
      let out = keepPts(s, wireCodecs(s)).filter((l) => !l.startsWith('b=') && !l.startsWith('a=content:'));
      if (!sending) out = out.filter((l) => !l.startsWith('a=ssrc'));
      out = out.map((l) => (DIRECTIONS.includes(l) ? (sending ? 'a=sendrecv' : 'a=recvonly') : l));
      if (CONTENT[mids[i]]) {
        const after = out.findIndex((l) => l === 'a=rtcp-rsize');
        out.splice(after >= 0 ? after + 1 : out.length, 0, 'a=content:' + CONTENT[mids[i]]);
      }
      return order(out);
    });
    return join(head, sections);
  };

  const LEVELS = { '15': [480, 272], '16': [640, 360], '1e': [848, 480], '1f': [1280, 720], '28': [1920, 1080], '33': [3840, 2160] };

  /** The original's repair of an answer against its local description (DEVICE.md "What the original does to an answer"). */
  const repair = (answer, local) => {
    const { session, media } = split(answer);
    const localMids = split(local).media.map(midOf);
    const roleMid = (s) => {
      const content = (s.find((l) => l.startsWith('a=content:')) || '').slice(10);
      if (content === 'main') return '1';
      if (content === 'slides') return '2';
      if (kindOf(s) === 'audio') return '0';
      return midOf(s);
    };
    const byMid = new Map(media.map((s) => [roleMid(s), s]));
    const ordered = localMids.filter((mid) => byMid.has(mid)).map((mid) => {
      const s = byMid.get(mid);
      const out = s.filter((l) => !l.startsWith('a=mid:'));
      const at = out.findIndex((l) => l.startsWith('a=setup:')) + 1 || out.length;
      out.splice(at, 0, 'a=mid:' + mid);
      return out.map((l) => {
        if (!l.startsWith('a=fmtp:')) return l;
        return l.replace(/profile-level-id=[0-9a-f]{4}([0-9a-f]{2})/i, (_, level) => 'profile-level-id=42e0' + level.toLowerCase());
      });
    });
    const bitrates = 'x-google-min-bitrate=10240;x-google-start-bitrate=10240;x-google-max-bitrate=10240';
    const withBitrates = ordered.map((s) => {
      const out = [];
      for (const l of s) {
        out.push(l.startsWith('a=fmtp:') ? l + ';' + bitrates : l);
        const pt = /^a=rtpmap:(\\d+) /.exec(l)?.[1];
        if (pt && !s.some((x) => x.startsWith('a=fmtp:' + pt + ' '))) out.push('a=fmtp:' + pt + ' ' + bitrates);
      }
      return out;
    });
    return join(session, withBitrates);
  };

  /** Level and a=framerate of the first answer's slides m-line, as the original reads them. */
  const capabilityOf = (answer) => {
    const slides = split(answer).media.find((s) => s.includes('a=content:slides')) || split(answer).media[2];
    if (!slides) return null;
    const line = slides.find((l) => l.startsWith('a=fmtp:')) || '';
    const level = (/^a=fmtp:\\d+ profile-level-id=[0-9a-f]{4}([0-9a-f]{2})/i.exec(line)?.[1] || '').toLowerCase();
    const [width, height] = LEVELS[level] || [640, 360];
    const fps = Number((slides.find((l) => l.startsWith('a=framerate:')) || '').slice(12)) || undefined;
    return { level, width, height, fps };
  };

  const gathered = (pc) => new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const t = setTimeout(resolve, 5000);
    pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') { clearTimeout(t); resolve(); } });
  });
  const newPeer = () => {
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-compat' });
    pc.addTransceiver('audio', { direction: 'sendrecv' });
    pc.addTransceiver('video', { direction: 'sendrecv' });
    pc.addTransceiver('video', { direction: 'sendrecv' });
    return pc;
  };
  const localOffer = async (pc) => {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    return pc.localDescription.sdp;
  };

  const orig = { received: [], sent: [], capability: null, pc: null, ws: null, stream: null, replyWith: {} };
  window.orig = orig;
  const waiting = new Map();
  const sendText = (text) => { orig.sent.push(text); orig.ws.send(text); };
  const request = (action, extra) => {
    let reqId;
    do reqId = Math.floor(Math.random() * 101); while (waiting.has(reqId));
    const text = JSON.stringify({ [action]: { userName: 'webRTC_Client', reqId, ...extra } });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { waiting.delete(reqId); reject(new Error('no ' + action + 'Ret')); }, 15000);
      waiting.set(reqId, { action, resolve: (reply, replyText) => { clearTimeout(timer); resolve({ sent: text, reply, replyText }); } });
      sendText(text);
    });
  };
  const sdpOf = (text) => ({ length: text.length, data: text });

  orig.connect = (url) => new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'gs-webrtc-json');
    orig.ws = ws;
    ws.onopen = () => {
      orig.keepalive = setInterval(() => ws.readyState === 1 && ws.send('\\r\\n'), 5000);
      resolve();
    };
    ws.onerror = () => reject(new Error('socket failed'));
    ws.onclose = () => clearInterval(orig.keepalive);
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string' || !event.data.startsWith('{')) return;
      orig.received.push(event.data);
      const frame = JSON.parse(event.data);
      const action = Object.keys(frame)[0];
      const body = frame[action];
      const w = waiting.get(body.reqId);
      if (w && action === w.action + 'Ret') { waiting.delete(body.reqId); w.resolve(body, event.data); return; }
      const how = !action.endsWith('Ret') && orig.replyWith[action];
      if (how) {
        const rspInfo = how.msg === null ? { rspCode: how.code } : { rspCode: how.code, rspMsg: how.msg };
        sendText(JSON.stringify({ [action + 'Ret']: { userName: 'webRTC_Client', reqId: body.reqId, rspInfo } }));
      }
    };
  });

  orig.call = async (lengthOfLocal) => {
    const pc = newPeer();
    orig.pc = pc;
    const local = await localOffer(pc);
    const wire = wireText(local, false);
    const x = await request('createMediaSession', { sdp: lengthOfLocal ? { length: local.length, data: wire } : sdpOf(wire) });
    if (x.reply.rspInfo?.rspCode !== 200) return { ...x, local, wire };
    const repaired = repair(x.reply.sdp.data, local);
    if (!orig.capability) orig.capability = capabilityOf(x.reply.sdp.data);
    await pc.setRemoteDescription({ type: 'answer', sdp: repaired });
    return { ...x, local, wire, repaired };
  };

  orig.capture = async () => {
    const cap = orig.capability || { width: 640, height: 360, fps: 15 };
    orig.stream = await navigator.mediaDevices.getDisplayMedia({
      video: { width: { ideal: cap.width, max: cap.width }, height: { ideal: cap.height, max: cap.height }, frameRate: { ideal: cap.fps || 15, max: cap.fps || 15 } },
    });
  };

  orig.sendSlides = async () => {
    const slides = orig.pc.getTransceivers()[2];
    await slides.sender.replaceTrack(orig.stream.getVideoTracks()[0]);
    slides.sender.setStreams(orig.stream);
    const local = await localOffer(orig.pc);
    const wire = wireText(local, true);
    const update = await request('updateMediaSession', { sdp: sdpOf(wire) });
    if (update.reply.rspInfo?.rspCode === 200) await orig.pc.setRemoteDescription({ type: 'answer', sdp: repair(update.reply.sdp.data, local) });
    return { ...update, wire };
  };

  orig.beginScreen = async () => {
    await orig.capture();
    const ctrl = await request('ctrlPresentation', { sendPermission: 1 });
    if (ctrl.reply.rspInfo?.rspCode !== 200) { orig.stream.getTracks().forEach((t) => t.stop()); return { ctrl }; }
    return { ctrl, update: await orig.sendSlides() };
  };

  orig.request = request;
  orig.send = sendText;

  orig.pause = (paused) => { for (const t of orig.stream.getVideoTracks()) t.enabled = !paused; };

  orig.stopScreen = async () => {
    const x = await request('ctrlPresentation', { sendPermission: 0 });
    orig.stream?.getTracks().forEach((t) => t.stop());
    await orig.pc.getTransceivers()[2].sender.replaceTrack(null);
    return x;
  };

  orig.hangUp = async () => {
    const x = await request('destroyMediaSession', { sdp: { data: { value: 5 } } });
    orig.ws.close();
    orig.pc?.close();
    orig.pc = null;
    return x;
  };

  orig.offerAsIs = (action, sdp) => request(action, { sdp: sdpOf(sdp) });

  orig.acceptAsOriginal = async (answer, slidesSending) => {
    const pc = newPeer();
    try {
      if (slidesSending) {
        const canvas = document.createElement('canvas');
        canvas.width = 320;
        canvas.height = 180;
        canvas.getContext('2d').fillRect(0, 0, 320, 180);
        const stream = canvas.captureStream(5);
        pc.getTransceivers()[2].sender.replaceTrack(stream.getVideoTracks()[0]);
        pc.getTransceivers()[2].sender.setStreams(stream);
      }
      const local = await localOffer(pc);
      const repaired = repair(answer, local);
      try {
        await pc.setRemoteDescription({ type: 'answer', sdp: repaired });
        return { wire: wireText(local, slidesSending), repaired, error: null };
      } catch (error) {
        return { wire: wireText(local, slidesSending), repaired, error: error.message };
      }
    } finally {
      pc.close();
    }
  };
})()`;

/** Runs the original-style peer in `page` (any page of the server's origin) and connects it to `url`. */
export async function startOriginalPeer(page: Page, url: string): Promise<void> {
  await page.evaluate(script);
  await page.evaluate((u) => (window as unknown as { orig: OriginalPeer }).orig.connect(u), url);
}

/** Calls `orig.<method>(...args)` in the page and returns its result. */
export function orig<M extends keyof OriginalPeer>(
  page: Page,
  method: M,
  ...args: OriginalPeer[M] extends (...a: infer A) => unknown ? A : never
): Promise<OriginalPeer[M] extends (...a: never[]) => infer R ? Awaited<R> : never> {
  return page.evaluate(
    ({ method, args }) => {
      const o = (window as unknown as { orig: Record<string, (...a: unknown[]) => unknown> }).orig;
      return o[method](...args);
    },
    { method, args: args as unknown[] },
  ) as never;
}
