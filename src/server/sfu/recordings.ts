/**
 * A Janus room's recordings made playable (seed 001's `record`): Janus writes each recorded stream of each feed as a
 * `.mjr` file (`videoroom-<room>-user-<feed>-<time>-<audio|video>-<mid>.mjr`) in the room's `rec_dir`
 * (`<JANUS_REC_DIR>/<our room name>/`); once
 * recording stops, `janus-pp-rec` (Debian's janus-tools) turns each one into a file a person can play: WebM for
 * VP8 video, Opus (Ogg) for audio, MP4 for H.264. `ffprobe` (Debian's ffmpeg) gives each file's duration.
 */
import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** One playable file of a recording. */
export interface Recording {
  /** File name in the recordings folder. */
  file: string;
  /** `audio` or `video`. */
  kind: 'audio' | 'video';
  /** The Janus feed (publisher) id it came from. */
  feed: number;
  /** Duration in ms (ffprobe), 0 when unreadable. */
  durationMs: number;
  /** Size in bytes. */
  bytes: number;
}

const MJR = /^videoroom-(\d+)-user-(\d+)-\d+-(audio|video)-\d+\.mjr$/;

/** Which container janus-pp-rec should write for a `.mjr` of `codec` (from `janus-pp-rec --parse`). */
function extensionFor(kind: string, codec: string): string {
  if (kind === 'audio') return codec === 'opus' ? 'opus' : 'wav';
  return codec === 'h264' ? 'mp4' : 'webm';
}

const exists = (file: string) => stat(file).then((s) => s.size > 0, () => false);

/** Resolves once `file` has stopped growing (Janus closes a recording a moment after it is told to stop), at most 3 s. */
async function untilWritten(file: string): Promise<void> {
  let size = -1;
  for (let i = 0; i < 15; i++) {
    const now = (await stat(file)).size;
    if (now === size && now > 0) return;
    size = now;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Converts every `.mjr` of Janus room `room` in `dir` that has no playable file yet; resolves the new file names. */
export async function convertRecordings(dir: string, room: number): Promise<string[]> {
  const made: string[] = [];
  for (const name of await readdir(dir)) {
    const m = MJR.exec(name);
    if (!m || Number(m[1]) !== room) continue;
    const source = path.join(dir, name);
    await untilWritten(source);
    const { stdout, stderr } = await run('janus-pp-rec', ['--parse', source]).catch((e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? '', stderr: e.stderr ?? '' }));
    const codec = /codec[:\s]+(\w+)/i.exec(`${stdout}\n${stderr}`)?.[1]?.toLowerCase() ?? (m[3] === 'audio' ? 'opus' : 'vp8');
    const target = source.replace(/\.mjr$/, `.${extensionFor(m[3], codec)}`);
    // Janus may still be flushing a feed it stopped recording: a conversion that made no file is tried again.
    for (let attempt = 0; attempt < 4 && !(await exists(target)); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
      await run('janus-pp-rec', [source, target]).catch(() => undefined);
    }
    if (await exists(target)) made.push(path.basename(target));
  }
  return made;
}

/** Duration of a media file in ms (ffprobe), 0 when unreadable. */
export async function durationMsOf(file: string): Promise<number> {
  try {
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'default=nw=1:nk=1', file]);
    const s = Number(stdout.trim());
    return Number.isFinite(s) ? Math.round(s * 1000) : 0;
  } catch {
    return 0;
  }
}

/** A playable file's name: `videoroom-<room>-user-<feed>-<time>-<audio|video>-<mid>.<webm|mp4|opus|wav>`. */
export const PLAYABLE = /^videoroom-(\d+)-user-(\d+)-\d+-(audio|video)-\d+\.(webm|mp4|opus|wav)$/;

/** The playable files in `dir` (only those named in `only`, when given), with kind, feed, duration and size. */
export async function listRecordings(dir: string, only?: readonly string[]): Promise<Recording[]> {
  const list: Recording[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const m = PLAYABLE.exec(name);
    if (!m || (only && !only.includes(name))) continue;
    const file = path.join(dir, name);
    list.push({ file: name, kind: m[3] as 'audio' | 'video', feed: Number(m[2]), durationMs: await durationMsOf(file), bytes: (await stat(file)).size });
  }
  return list;
}
