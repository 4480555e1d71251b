/**
 * The relay rules between a terminal's device socket and the page that holds its line
 * (PROTOCOL.md "Actions" and "Flows"; codes from PROTOCOL.md "Codes").
 *
 * | from | situation | what happens |
 * |---|---|---|
 * | page | createMediaSession, no device online | `createMediaSessionRet` 486 "terminal … is not online" |
 * | page | createMediaSession, line held by another page | `createMediaSessionRet` 486 "line … is busy" |
 * | page | createMediaSession, line free | the page takes the line; the frame goes to the device |
 * | holder page | any valid frame | relayed to the device |
 * | other page | any other request / a reply | `<action>Ret` 481 / dropped |
 * | device | any valid frame while a page holds the line | relayed to the holder |
 * | device | request / reply while the line is free | `<action>Ret` 481 / dropped |
 * | either | destroyMediaSession or destroyMediaSessionRet relayed | the line is released |
 * | holder page | socket closes | line released; the device gets `destroyMediaSession` {userName, reqId: server counter}; its Ret is dropped |
 * | device | socket closes | line removed; the holder page is closed 1001 "terminal went away" (the page reports 302) |
 *
 * The destroyMediaSessionRet that answers a relayed destroyMediaSession still reaches the side that asked,
 * although the line was released when the request was relayed (matched by reqId, at most
 * {@link MAX_PENDING_DESTROYS} remembered per line), so a page's hang-up completes with the terminal's code.
 * Frames are re-serialised with the protocol codec, so only protocol fields travel.
 */
import type { RawData, WebSocket } from 'ws';
import {
  type Frame,
  type RequestAction,
  Code,
  DEFAULT_USER_NAME,
  isReply,
  replyTo,
} from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';
import { closeSocket, receive, sendFrame } from './inbound.js';
import { type Line, type LineRegistry, MAX_PENDING_DESTROYS, remember } from './lines.js';
import { type Logger, describeError } from './log.js';

export { MAX_PENDING_DESTROYS };

function isDestroy(frame: Frame): boolean {
  return frame.action === 'destroyMediaSession' || frame.action === 'destroyMediaSessionRet';
}

/** Answers a request `frame` on `ws` with `<action>Ret` carrying `code` and `message`. */
function answer(ws: WebSocket, frame: Frame, code: number, message: string): void {
  sendFrame(ws, replyTo(frame.action as RequestAction, frame.body.reqId, code, message));
}

/**
 * Applies the relay rules to the sockets attached to it. One instance per server; it owns the counter of
 * the reqIds the server uses for requests it makes itself (starting at 1).
 */
export class Relay {
  private nextReqId = 1;

  /**
   * @param lines the registry of lines the relay reads and updates.
   * @param log receives one line per error thrown inside a socket handler (never rethrown).
   */
  constructor(
    private readonly lines: LineRegistry,
    private readonly log: Logger,
  ) {}

  /**
   * Registers `ws` as terminal `id`'s device. A device already registered under `id` is closed 4001 "replaced"
   * and the page holding its line, if any, is closed 1001 "terminal went away" (as if the terminal vanished).
   * The caller has attached the socket's `error` listener already.
   */
  attachDevice(ws: WebSocket, id: string): void {
    const previous = this.lines.register(id, ws);
    if (previous) {
      closeSocket(previous.device, CloseCode.REPLACED, CloseReason.REPLACED);
      if (previous.holder) closeSocket(previous.holder, CloseCode.GOING_AWAY, CloseReason.TERMINAL_GONE);
    }
    ws.on('message', (data: RawData, isBinary: boolean) =>
      this.guard(`device ${id} message`, () => {
        const frame = receive(ws, data, isBinary);
        if (frame) this.fromDevice(ws, id, frame);
      }),
    );
    ws.on('close', () => this.guard(`device ${id} close`, () => this.deviceClosed(ws, id)));
  }

  /** Attaches `ws` as a page addressing terminal `id`; it holds nothing until its createMediaSession succeeds. */
  attachPage(ws: WebSocket, id: string): void {
    ws.on('message', (data: RawData, isBinary: boolean) =>
      this.guard(`page ${id} message`, () => {
        const frame = receive(ws, data, isBinary);
        if (frame) this.fromPage(ws, id, frame);
      }),
    );
    ws.on('close', () => this.guard(`page ${id} close`, () => this.pageClosed(ws, id)));
  }

  private guard(context: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log(`${context}: ${describeError(error)}`);
    }
  }

  private fromDevice(ws: WebSocket, id: string, frame: Frame): void {
    const line = this.lines.get(id);
    if (!line || line.device !== ws) return; // late frames of a replaced device
    if (frame.action === 'destroyMediaSessionRet' && line.deviceOwesDestroyRet.has(frame.body.reqId)) {
      const asker = line.deviceOwesDestroyRet.get(frame.body.reqId);
      line.deviceOwesDestroyRet.delete(frame.body.reqId);
      if (asker) sendFrame(asker, frame); // null: the server asked for a vanished page; drop
      return;
    }
    if (line.holder) {
      const holder = line.holder;
      sendFrame(holder, frame);
      if (frame.action === 'destroyMediaSession') remember(line.pageOwesDestroyRet, frame.body.reqId, holder);
      if (isDestroy(frame)) this.lines.release(line);
      return;
    }
    if (!isReply(frame.action)) answer(ws, frame, Code.NOT_IN_CALL, `No page is in a call with terminal ${id}`);
  }

  private fromPage(ws: WebSocket, id: string, frame: Frame): void {
    const line = this.lines.get(id);
    if (line && line.holder === ws) {
      sendFrame(line.device, frame);
      if (frame.action === 'destroyMediaSession') remember(line.deviceOwesDestroyRet, frame.body.reqId, ws);
      if (isDestroy(frame)) this.lines.release(line);
      return;
    }
    if (frame.action === 'createMediaSession') {
      if (!line) return answer(ws, frame, Code.BUSY, `Terminal ${id} is not online`);
      if (line.holder) return answer(ws, frame, Code.BUSY, `The line of terminal ${id} is busy`);
      this.lines.take(line, ws, frame.body.userName ?? DEFAULT_USER_NAME);
      sendFrame(line.device, frame);
      return;
    }
    if (isReply(frame.action)) {
      if (line && frame.action === 'destroyMediaSessionRet' && line.pageOwesDestroyRet.get(frame.body.reqId) === ws) {
        line.pageOwesDestroyRet.delete(frame.body.reqId);
        sendFrame(line.device, frame);
      }
      return;
    }
    answer(ws, frame, Code.NOT_IN_CALL, `Not in a call with terminal ${id}`);
  }

  private pageClosed(ws: WebSocket, id: string): void {
    const line = this.lines.get(id);
    if (!line) return;
    forgetPage(line, ws);
    if (line.holder !== ws) return;
    const userName = line.userName ?? DEFAULT_USER_NAME;
    this.lines.release(line);
    const reqId = this.nextReqId++;
    remember(line.deviceOwesDestroyRet, reqId, null);
    sendFrame(line.device, { action: 'destroyMediaSession', body: { userName, reqId } });
  }

  private deviceClosed(ws: WebSocket, id: string): void {
    const line = this.lines.remove(id, ws);
    if (line?.holder) closeSocket(line.holder, CloseCode.GOING_AWAY, CloseReason.TERMINAL_GONE);
  }
}

/** Drops a closed page from a line's pending destroy exchanges (the device's Ret to it will be dropped). */
function forgetPage(line: Line, ws: WebSocket): void {
  for (const [reqId, asker] of line.deviceOwesDestroyRet) if (asker === ws) line.deviceOwesDestroyRet.set(reqId, null);
  for (const [reqId, page] of line.pageOwesDestroyRet) if (page === ws) line.pageOwesDestroyRet.delete(reqId);
}
