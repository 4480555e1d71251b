/**
 * The video codecs a device-path offer prefers (DEVICE.md), for setCodecPreferences before the first offer. Pure,
 * so Node tests it (test/unit/answer-repair.test.ts).
 */

/** The slice of RTCRtpCodec that {@link deviceCodecOrder} reads. */
export interface CodecLike {
  mimeType: string;
  sdpFmtpLine?: string;
}

/**
 * Video codec preferences for a device: H.264 Constrained Baseline (`profile-level-id=42e01f`,
 * `packetization-mode=1`, the one H.264 the original offers, gsrtc_sdp.js:778-832) first, VP8 next, then
 * everything else in the browser's order (other H.264 profiles, VP9, AV1, rtx, red, ulpfec). Falls back to any
 * H.264 with packetization-mode 1 when the browser has no 42e01f.
 */
export function deviceCodecOrder<T extends CodecLike>(codecs: readonly T[]): T[] {
  const isH264 = (c: T) => /^video\/h264$/i.test(c.mimeType);
  const mode1 = (c: T) => /packetization-mode=1/.test(c.sdpFmtpLine ?? '');
  const cb = (c: T) => /profile-level-id=42e01f/i.test(c.sdpFmtpLine ?? '');
  const first = codecs.find((c) => isH264(c) && mode1(c) && cb(c)) ?? codecs.find((c) => isH264(c) && mode1(c));
  const vp8 = codecs.filter((c) => /^video\/vp8$/i.test(c.mimeType));
  const rest = codecs.filter((c) => c !== first && !vp8.includes(c));
  return [...(first ? [first] : []), ...vp8, ...rest];
}
