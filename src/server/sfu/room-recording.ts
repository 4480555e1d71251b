/**
 * Who may record a room, and where its recordings are read (docs/sfu.md "Recording"; seed 001's `record`).
 *
 * `recordRoom` `{ reqId, record: true | false }` from a joined member, in SFU mode with JANUS_REC_DIR:
 * - 403 unless the member's token carries claim `record: true` (auth.ts; `issue-token --record`). An open server
 *   (no JWT_SECRET / JWT_PUBLIC_KEY) has no tokens and so refuses every member: recording others needs a grant;
 * - 106 when the room is already in that state;
 * - 200 `{ recording, files? }`: started; or stopped, with the files made playable (`files`: name, kind, durationMs,
 *   bytes); every member (the asker too) gets `roomRecording` `{ recording }`, and each publisher asks Janus for a
 *   keyframe (src/room/sfu/sfu-media.ts) so every feed's recording starts with a decodable picture;
 * - 488 when Janus refused.
 *
 * `GET /recordings/<room>` → `{ room, recording, files: [{ name, kind, durationMs, bytes, url }] }` (durationMs from
 * ffprobe, bytes the file size); `GET /recordings/<room>/<name>` → the file itself (video/webm, audio/ogg,
 * video/mp4). With tokens on, both need a token for that room with `record: true` (`?token=` or
 * `Authorization: Bearer`): 401 without a valid token, 403 without the claim. 404 for an unknown room or file.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Code, TERMINAL_ID_PATTERN } from '../../protocol/index.js';
import { tokenOf, type TokenVerifier } from '../auth.js';
import type { Conn } from '../connection.js';
import { sendJson } from '../http-handler.js';
import type { StructuredLogger } from '../log.js';
import type { RoomRecorder } from '../room-ports.js';
import { PLAYABLE, listRecordings } from './recordings.js';
import type { SfuRooms } from './sfu-rooms.js';

/** The claim a room token needs to record the room and read its recordings. */
export const RECORD_CLAIM = 'record';

const CONTENT_TYPES: Record<string, string> = { webm: 'video/webm', mp4: 'video/mp4', opus: 'audio/ogg', wav: 'audio/wav' };

export interface RoomRecordingOptions {
  sfu: SfuRooms;
  /** The token check of the server, or null on an open server. */
  verifier: TokenVerifier | null;
  log: StructuredLogger;
}

/** The `recordRoom` handler and the `/recordings/…` route of a server in SFU mode with recordings. */
export function roomRecording({ sfu, verifier, log }: RoomRecordingOptions): {
  recorder: RoomRecorder;
  route: (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>;
} {
  const dir = sfu.recordingsDir!;

  const recorder: RoomRecorder = (peer, room, body, answer) => {
    if ((peer as Conn).claims?.[RECORD_CLAIM] !== true) {
      return answer(Code.REFUSED, `recording needs a room token with claim ${RECORD_CLAIM}: true`);
    }
    if (typeof body.record !== 'boolean') return answer(Code.BAD_REQUEST, 'record must be true or false');
    const record = body.record;
    if ((sfu.roomOf(room)?.recording ?? false) === record) return answer(Code.NO_STREAM, record ? 'already recording' : 'not recording');
    const done = record ? sfu.setRecording(room, true).then(() => undefined) : sfu.stopRecording(room);
    done.then(
      (files) => {
        log.info({ room, record, files: files?.length }, 'room recording changed');
        answer(Code.OK, record ? 'recording' : 'recording stopped', { recording: record, ...(files ? { files: files.map(({ feed: _feed, file, ...f }) => ({ name: file, ...f })) } : {}) });
      },
      (error: Error) => answer(Code.MEDIA_ERROR, `the media server did not ${record ? 'start' : 'stop'} recording: ${error.message}`),
    );
  };

  const allowed = async (req: IncomingMessage, res: ServerResponse, room: string): Promise<boolean> => {
    if (!verifier) return true;
    const verdict = await verifier.verify(tokenOf(req.url, req.headers.authorization), { kind: 'room', name: room, role: 'page' });
    if (!verdict.ok) sendJson(req, res, 401, { error: verdict.reason });
    else if (verdict.claims[RECORD_CLAIM] !== true) sendJson(req, res, 403, { error: `the token lacks claim ${RECORD_CLAIM}: true` });
    return verdict.ok && verdict.claims[RECORD_CLAIM] === true;
  };

  const route = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
    const [, , room, name, ...rest] = pathname.split('/');
    if (!room || !TERMINAL_ID_PATTERN.test(room) || rest.length) return sendJson(req, res, 404, { error: 'no such room' });
    if (!(await allowed(req, res, room))) return;
    const folder = path.join(dir, room);
    if (name === undefined) {
      const files = await listRecordings(folder).catch(() => null);
      if (!files) return sendJson(req, res, 404, { error: 'no recordings of this room' });
      return sendJson(req, res, 200, {
        room,
        recording: sfu.roomOf(room)?.recording ?? false,
        files: files.map((f) => ({ name: f.file, kind: f.kind, durationMs: f.durationMs, bytes: f.bytes, url: `/recordings/${room}/${f.file}` })),
      });
    }
    const ext = PLAYABLE.exec(name)?.[4];
    const file = path.join(folder, name);
    const info = ext ? await stat(file).catch(() => null) : null;
    if (!ext || !info?.isFile()) return sendJson(req, res, 404, { error: 'no such recording' });
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[ext], 'Content-Length': info.size, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') return void res.end();
    await new Promise<void>((resolve, reject) => createReadStream(file).on('error', reject).on('end', resolve).pipe(res));
  };

  return { recorder, route };
}
