/**
 * This page's own capture for a room: the camera and microphone (getUserMedia) and the screen (getDisplayMedia),
 * each resolved as a stream or as the Result that says why not (303 capture refused or no device, 301 no
 * getDisplayMedia here).
 */
import { Code, type Result } from '../protocol/index.js';

/** Camera and microphone constraints: 640x480 at up to 30 fps, echo cancellation and noise suppression on. */
export const DEFAULT_MEDIA_CONSTRAINTS: MediaStreamConstraints = {
  video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30, max: 30 } },
  audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
};

/** Opens the camera and microphone with `constraints`; 303 when refused or there is no device. */
export async function captureCamera(constraints: MediaStreamConstraints): Promise<MediaStream | Result> {
  try {
    return await navigator.mediaDevices.getUserMedia(constraints);
  } catch (error) {
    return { code: Code.CAPTURE_REFUSED, message: `camera/microphone: ${(error as Error).name}` };
  }
}

/** Opens a screen capture (up to 30 fps, no audio), its tracks hinted `detail` for text; 301 or 303 when not. */
export async function captureScreen(): Promise<MediaStream | Result> {
  if (!navigator.mediaDevices?.getDisplayMedia) return { code: Code.SCREEN_SHARE_UNSUPPORTED, message: 'no getDisplayMedia here' };
  try {
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
    for (const track of stream.getTracks()) track.contentHint = 'detail';
    return stream;
  } catch (error) {
    return { code: Code.CAPTURE_REFUSED, message: `screen capture: ${(error as Error).name}` };
  }
}

/** Stops every track of `stream`. */
export function stopStream(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** The microphone (`audio`) or camera (`video`) tracks of `stream`. */
export function tracksOf(stream: MediaStream | null, kind: 'audio' | 'video'): MediaStreamTrack[] {
  return (kind === 'audio' ? stream?.getAudioTracks() : stream?.getVideoTracks()) ?? [];
}
