/**
 * Checks of a room recording's files with Debian's ffmpeg (ffprobe): each file's duration is within 10 % of the
 * time recorded, and a video holds decodable frames (ffprobe -count_frames).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const probe = (file: string, args: string[]) => execFileSync('ffprobe', ['-v', 'error', ...args, '-of', 'default=nw=1:nk=1', file]).toString().trim();

/** Duration (ms) and, for a video, decoded frames of `file`. */
export function probeFile(file: string, kind: 'audio' | 'video'): { durationMs: number; frames: number } {
  const durationMs = Math.round(Number(probe(file, ['-show_entries', 'format=duration'])) * 1000);
  const frames = kind === 'video' ? Number(probe(file, ['-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames'])) : 0;
  return { durationMs, frames };
}

/** Asserts `file` plays for `recordedMs` ± 10 % and, as a video, has at least `minFrames` frames. */
export function assertPlayable(file: string, kind: 'audio' | 'video', recordedMs: number, minFrames = 25): { durationMs: number; frames: number } {
  const p = probeFile(file, kind);
  assert.ok(Math.abs(p.durationMs - recordedMs) <= recordedMs * 0.1, `${file}: ffprobe reads ${p.durationMs} ms for ${recordedMs} ms recorded`);
  if (kind === 'video') assert.ok(p.frames >= minFrames, `${file} has ${p.frames} video frames (at least ${minFrames})`);
  return p;
}
