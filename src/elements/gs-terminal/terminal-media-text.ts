/** The words of the terminal's view buttons and received-media line (English; the issue 7 message table will take them over). */
import type { ReceivedMedia, ReceivedStats } from '../../terminal/received-stats.js';

export const terminalMediaText = {
  swap: 'Swap screen and camera',
  fullscreen: 'Fullscreen',
  pictureInPicture: 'Picture in picture',
  screen: 'Screen',
  camera: 'Camera',
  audio: 'Audio',
  nothingReceived: 'Nothing received',
};

function video(name: string, m: ReceivedMedia): string {
  const size = m.width && m.height ? `${m.width}×${m.height}` : '–';
  const fps = m.fps !== undefined ? ` · ${Math.round(m.fps)} fps` : '';
  const kbps = m.kbps !== undefined ? ` · ${m.kbps} kbps` : '';
  return `${name} ${size}${fps}${kbps}`;
}

/** The received-media line: e.g. `Screen 1920×1080 · 15 fps · 1180 kbps | Camera 640×360 · 30 fps · 400 kbps | Audio 32 kbps`. */
export function receivedLine(stats: ReceivedStats | null): string {
  if (!stats) return terminalMediaText.nothingReceived;
  const parts: string[] = [];
  if (stats.slides?.framesDecoded) parts.push(video(terminalMediaText.screen, stats.slides));
  if (stats.main?.framesDecoded) parts.push(video(terminalMediaText.camera, stats.main));
  if (stats.audio?.bytes) parts.push(`${terminalMediaText.audio}${stats.audio.kbps !== undefined ? ` ${stats.audio.kbps} kbps` : ''}`);
  return parts.length ? parts.join(' | ') : terminalMediaText.nothingReceived;
}
