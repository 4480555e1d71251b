/**
 * Codec preference (seed 001 "Поддерживаемые кодеки": video H.264, VP8; audio Opus, G.711): the chosen codec is
 * moved to the front of each transceiver's list with `RTCRtpTransceiver.setCodecPreferences`, the others kept
 * after it (so a peer that lacks it still negotiates, and RTX/RED/FEC stay available).
 */

/** `video`: `vp8`, `h264` or `auto` (the browser's order). `audio`: `opus`, `g711` (PCMU then PCMA, where offered) or `auto`. */
export interface CodecChoice {
  video: 'vp8' | 'h264' | 'auto';
  audio: 'opus' | 'g711' | 'auto';
}

/** The MIME types each choice puts first, in order. */
export const preferredMimeTypes: Record<CodecChoice['video'] | CodecChoice['audio'], string[]> = {
  vp8: ['video/VP8'],
  h264: ['video/H264'],
  opus: ['audio/opus'],
  g711: ['audio/PCMU', 'audio/PCMA'],
  auto: [],
};

/** Parses an attribute value into a choice; unknown values → `auto`. */
export function parseVideoCodec(value: string | null | undefined): CodecChoice['video'] {
  const v = (value ?? '').toLowerCase().replace('.', '');
  return v === 'vp8' || v === 'h264' ? v : 'auto';
}
export function parseAudioCodec(value: string | null | undefined): CodecChoice['audio'] {
  const v = (value ?? '').toLowerCase();
  return v === 'opus' || v === 'g711' ? v : v === 'pcmu' || v === 'pcma' ? 'g711' : 'auto';
}

/** Reorders `codecs` so those whose mimeType is in `preferred` (case-insensitive, in that order) come first; stable otherwise. */
export function orderCodecs<T extends { mimeType: string }>(codecs: readonly T[], preferred: readonly string[]): T[] {
  const rank = (c: T) => {
    const i = preferred.findIndex((p) => p.toLowerCase() === c.mimeType.toLowerCase());
    return i < 0 ? preferred.length : i;
  };
  return codecs.map((c, i) => ({ c, i })).sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i).map(({ c }) => c);
}

/** Applies the choice for `kind` to a transceiver, where the browser supports setCodecPreferences. */
export function applyCodecPreferences(transceiver: RTCRtpTransceiver, kind: string, choice: CodecChoice): void {
  const preferred = preferredMimeTypes[kind === 'audio' ? choice.audio : choice.video];
  if (!preferred.length || typeof transceiver.setCodecPreferences !== 'function') return;
  const capabilities = RTCRtpReceiver.getCapabilities(kind);
  if (!capabilities) return;
  try {
    transceiver.setCodecPreferences(orderCodecs(capabilities.codecs, preferred));
  } catch {
    // A browser that rejects the list keeps its own order.
  }
}
