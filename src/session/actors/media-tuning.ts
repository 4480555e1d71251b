/**
 * Applies a share quality plan (src/session/quality.ts) to the live media, with no renegotiation: the screen
 * track's contentHint and (optionally) applyConstraints, then the slides sender's encodings through
 * setParameters (maxBitrate, maxFramerate, scaleResolutionDownBy) and its degradationPreference.
 * Also starts the opt-in camera of the main m-line.
 */
import { encodingOf, trackConstraints, type QualityPlan } from '../quality.js';

/** Options of {@link tuneSlides}. */
export interface TuneOptions {
  /** Also applyConstraints on the track (a live change; at capture time getDisplayMedia already had them). */
  constrain: boolean;
}

/**
 * Tunes the screen `track` and its `sender` for `plan`. A browser that refuses a constraint keeps the capture as
 * it is (scaleResolutionDownBy then fits it); one that refuses degradationPreference gets the encodings alone.
 */
export async function tuneSlides(sender: RTCRtpSender, track: MediaStreamTrack, plan: QualityPlan, options: TuneOptions): Promise<void> {
  if ('contentHint' in track) track.contentHint = plan.contentHint;
  if (options.constrain) await track.applyConstraints(trackConstraints(plan)).catch(() => {});
  const { width, height } = track.getSettings();
  const wanted = encodingOf(plan, width, height);
  const parameters = sender.getParameters() as RTCRtpSendParameters & { degradationPreference?: string };
  if (!parameters.encodings || parameters.encodings.length === 0) return;
  for (const encoding of parameters.encodings) Object.assign(encoding, wanted);
  parameters.degradationPreference = plan.degradationPreference;
  try {
    await sender.setParameters(parameters);
  } catch {
    await sender.setParameters(withEncodings(sender.getParameters(), wanted));
  }
}

function withEncodings(parameters: RTCRtpSendParameters, wanted: Partial<RTCRtpEncodingParameters>): RTCRtpSendParameters {
  for (const encoding of parameters.encodings) Object.assign(encoding, wanted);
  return parameters;
}

/** The camera for the main m-line: a small video track (640×360 max, 30 fps max), no audio. */
export async function startCamera(): Promise<MediaStreamTrack> {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { width: { ideal: 640, max: 1280 }, height: { ideal: 360, max: 720 }, frameRate: { max: 30 } },
    audio: false,
  });
  const [track] = stream.getVideoTracks();
  track.contentHint = 'motion';
  return track;
}
