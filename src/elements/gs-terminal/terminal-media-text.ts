/** The terminal's received-media line, worded from the message table (`terminal.received.*`, `stats.unit*`). */
import type { ReceivedMedia, ReceivedStats } from '../../terminal/received-stats.js';
import type { Translator } from '../i18n/localize.js';
import type { MessageKey } from './messages.js';

function video(t: Translator<MessageKey>, name: string, m: ReceivedMedia): string {
  const size = m.width && m.height ? `${m.width}×${m.height}` : '–';
  const fps = m.fps !== undefined ? ` · ${Math.round(m.fps)} ${t.t('stats.unitFps')}` : '';
  const kbps = m.kbps !== undefined ? ` · ${m.kbps} ${t.t('stats.unitKbps')}` : '';
  return `${name} ${size}${fps}${kbps}`;
}

/** The received-media line: e.g. `Screen 1920×1080 · 15 fps · 1180 kbps | Camera 640×360 · 30 fps · 400 kbps | Audio 32 kbps`. */
export function receivedLine(t: Translator<MessageKey>, stats: ReceivedStats | null): string {
  const none = t.t('terminal.received.none');
  if (!stats) return none;
  const parts: string[] = [];
  if (stats.slides?.framesDecoded) parts.push(video(t, t.t('terminal.received.screen'), stats.slides));
  if (stats.main?.framesDecoded) parts.push(video(t, t.t('terminal.received.camera'), stats.main));
  if (stats.audio?.bytes) {
    const kbps = stats.audio.kbps !== undefined ? ` ${stats.audio.kbps} ${t.t('stats.unitKbps')}` : '';
    parts.push(`${t.t('terminal.received.audio')}${kbps}`);
  }
  return parts.length ? parts.join(' | ') : none;
}
