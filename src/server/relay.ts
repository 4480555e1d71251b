/**
 * The relay rules between a terminal's device and the page that holds its line
 * (PROTOCOL.md "Actions" and "Flows"; codes from PROTOCOL.md "Codes").
 *
 * | from | situation | what happens |
 * |---|---|---|
 * | page | createMediaSession, no device online | `createMediaSessionRet` 486 "terminal … is not online" |
 * | page | createMediaSession, line held by a page with another userName | `createMediaSessionRet` 486 "line … is busy" |
 * | page | createMediaSession, line held by a page with the same userName | the old page gets `destroyMediaSession` rspInfo 501 and is closed 4001; the device gets `destroyMediaSession` for the old call; the new page takes the line |
 * | page | createMediaSession, line free | the page takes the line; the frame goes to the device |
 * | holder page | any valid frame | relayed to the device |
 * | other page | any other request / a reply or the `"close "` notice | `<action>Ret` 481 / dropped |
 * | device | any valid frame while a page holds the line | relayed to the holder |
 * | device | request / reply or notice while the line is free | `<action>Ret` 481 / dropped |
 * | either | a request whose `sdp.data` is over `maxSdpBytes` | `<action>Ret` 400, not relayed (a reply: dropped) |
 * | either | an updateCandidate past `maxCandidates` in this call | `updateCandidateRet` 400, not relayed |
 * | either | destroyMediaSession or destroyMediaSessionRet relayed | the line is released |
 * | holder page | socket closes | line released; the device gets `destroyMediaSession` {userName, reqId: server counter}; its Ret is dropped |
 * | device | socket closes | line removed; the holder page is closed 1001 "terminal went away" (the page reports 302) |
 *
 * The destroyMediaSessionRet that answers a relayed destroyMediaSession still reaches the side that asked,
 * although the line was released when the request was relayed (matched by reqId, at most
 * {@link MAX_PENDING_DESTROYS} remembered per line), so a page's hang-up completes with the terminal's code.
 * Only protocol fields travel: a frame whose text holds exactly its protocol members is relayed as it came, any
 * other is re-serialised with the protocol codec (inbound.ts `wireTextOf`).
 * The relay never touches a socket: it sends to and closes {@link Peer}s, local or on another node.
 */
import {
  type Frame,
  type RequestAction,
  Code,
  DEFAULT_USER_NAME,
  isNotice,
  isReply,
  replyTo,
} from '../protocol/index.js';
import { CloseCode, CloseReason } from './close-codes.js';
import type { Peer } from './connection.js';
import { sendFrame } from './inbound.js';
import { type Line, type LineRegistry, MAX_PENDING_DESTROYS, remember } from './lines.js';
import type { Metrics } from './metrics.js';

export { MAX_PENDING_DESTROYS };

/** Limits the relay applies to frame contents. */
export interface RelayLimits {
  /** Longest `sdp.data`, in characters. Default 32768. */
  maxSdpBytes: number;
  /** updateCandidate requests relayed per side per call. Default 100. */
  maxCandidates: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = { maxSdpBytes: 32 * 1024, maxCandidates: 100 };

function isDestroy(frame: Frame): boolean {
  return frame.action === 'destroyMediaSession' || frame.action === 'destroyMediaSessionRet';
}

/** Answers a request `frame` on `peer` with `<action>Ret` carrying `code` and `message`. */
function answer(peer: Peer, frame: Frame, code: number, message: string): void {
  sendFrame(peer, replyTo(frame.action as RequestAction, frame.body.reqId, code, message));
}

/**
 * Applies the relay rules. One instance per server; it owns the counter of the reqIds the server uses for
 * requests it makes itself (starting at 1).
 */
export class Relay {
  private nextReqId = 1;

  /**
   * @param lines the registry of lines the relay reads and updates.
   * @param metrics counts relayed and rejected frames.
   * @param limits SDP size and candidate count caps.
   */
  constructor(
    private readonly lines: LineRegistry,
    private readonly metrics: Metrics,
    private readonly limits: RelayLimits = DEFAULT_RELAY_LIMITS,
  ) {}

  /**
   * Registers `device` as terminal `id`'s device. A device already registered under `id` is closed 4001 "replaced"
   * and the page holding its line, if any, is closed 1001 "terminal went away" (as if the terminal vanished).
   */
  attachDevice(device: Peer, id: string): void {
    const previous = this.lines.register(id, device);
    if (previous) {
      previous.device.close(CloseCode.REPLACED, CloseReason.REPLACED);
      previous.holder?.close(CloseCode.GOING_AWAY, CloseReason.TERMINAL_GONE);
    }
  }

  /** Ends terminal `id`'s line because its device registered elsewhere (another node): as {@link attachDevice}. */
  evict(id: string): void {
    const line = this.lines.get(id);
    if (!line) return;
    this.lines.remove(id, line.device);
    line.device.close(CloseCode.REPLACED, CloseReason.REPLACED);
    line.holder?.close(CloseCode.GOING_AWAY, CloseReason.TERMINAL_GONE);
  }

  /** True when `frame` breaks a content limit; answers or drops it. */
  private overLimit(from: Peer, frame: Frame, line: Line | undefined, side: 'page' | 'device'): boolean {
    const sdp = frame.body.sdp;
    if (sdp && sdp.data.length > this.limits.maxSdpBytes) {
      this.metrics.rejectedFrame('sdp_too_large');
      if (!isReply(frame.action) && !isNotice(frame.action)) answer(from, frame, Code.BAD_REQUEST, `sdp over ${this.limits.maxSdpBytes} characters`);
      return true;
    }
    if (frame.action === 'updateCandidate' && line) {
      if (line.candidates[side] >= this.limits.maxCandidates) {
        this.metrics.rejectedFrame('too_many_candidates');
        answer(from, frame, Code.BAD_REQUEST, `more than ${this.limits.maxCandidates} candidates in this call`);
        return true;
      }
      line.candidates[side] += 1;
    }
    return false;
  }

  /** A valid frame from terminal `id`'s device. */
  fromDevice(device: Peer, id: string, frame: Frame): void {
    const line = this.lines.get(id);
    if (!line || line.device !== device) return; // late frames of a replaced device
    if (frame.action === 'destroyMediaSessionRet' && line.deviceOwesDestroyRet.has(frame.body.reqId)) {
      const asker = line.deviceOwesDestroyRet.get(frame.body.reqId);
      line.deviceOwesDestroyRet.delete(frame.body.reqId);
      if (asker) {
        sendFrame(asker, frame); // null: the server asked for a vanished page; drop
        this.metrics.relayedFrame('line');
      }
      return;
    }
    if (line.holder) {
      if (this.overLimit(device, frame, line, 'device')) return;
      const holder = line.holder;
      sendFrame(holder, frame);
      this.metrics.relayedFrame('line');
      if (frame.action === 'destroyMediaSession') remember(line.pageOwesDestroyRet, frame.body.reqId, holder);
      if (isDestroy(frame)) this.lines.release(line);
      return;
    }
    if (!isReply(frame.action) && !isNotice(frame.action)) {
      this.metrics.rejectedFrame('not_in_call');
      answer(device, frame, Code.NOT_IN_CALL, `No page is in a call with terminal ${id}`);
    } else this.metrics.rejectedFrame('dropped_reply');
  }

  /** A valid frame from a page addressing terminal `id`. */
  fromPage(page: Peer, id: string, frame: Frame): void {
    const line = this.lines.get(id);
    if (line && line.holder === page) {
      if (this.overLimit(page, frame, line, 'page')) return;
      sendFrame(line.device, frame);
      this.metrics.relayedFrame('line');
      if (frame.action === 'destroyMediaSession') remember(line.deviceOwesDestroyRet, frame.body.reqId, page);
      if (isDestroy(frame)) this.lines.release(line);
      return;
    }
    if (frame.action === 'createMediaSession') {
      if (!line) {
        this.metrics.rejectedFrame('busy');
        return answer(page, frame, Code.BUSY, `Terminal ${id} is not online`);
      }
      if (this.overLimit(page, frame, undefined, 'page')) return;
      const userName = frame.body.userName ?? DEFAULT_USER_NAME;
      if (line.holder) {
        if (line.userName !== userName) {
          this.metrics.rejectedFrame('busy');
          return answer(page, frame, Code.BUSY, `The line of terminal ${id} is busy`);
        }
        this.replaceHolder(line);
      }
      this.lines.take(line, page, userName);
      sendFrame(line.device, frame);
      this.metrics.relayedFrame('line');
      return;
    }
    if (isReply(frame.action) || isNotice(frame.action)) {
      if (line && frame.action === 'destroyMediaSessionRet' && line.pageOwesDestroyRet.get(frame.body.reqId) === page) {
        line.pageOwesDestroyRet.delete(frame.body.reqId);
        sendFrame(line.device, frame);
        this.metrics.relayedFrame('line');
      } else this.metrics.rejectedFrame('dropped_reply');
      return;
    }
    this.metrics.rejectedFrame('not_in_call');
    answer(page, frame, Code.NOT_IN_CALL, `Not in a call with terminal ${id}`);
  }

  /**
   * A page with the holder's userName calls (PROTOCOL.md code 501): the holder gets destroyMediaSession with
   * rspInfo 501 and is closed 4001; the device gets destroyMediaSession for the old call (its Ret is dropped).
   */
  private replaceHolder(line: Line): void {
    const old = line.holder!;
    const userName = line.userName ?? DEFAULT_USER_NAME;
    sendFrame(old, {
      action: 'destroyMediaSession',
      body: {
        userName,
        reqId: this.nextReqId++,
        rspInfo: { rspCode: Code.REPLACED, rspMsg: 'Another browser with the same user name replaced this call' },
      },
    });
    old.close(CloseCode.REPLACED, CloseReason.REPLACED_BY_USER);
    this.endCallFor(line, old);
  }

  /** Releases `line` held by `page` and tells the device with a destroyMediaSession of the server's own. */
  private endCallFor(line: Line, page: Peer): void {
    forgetPage(line, page);
    const userName = line.userName ?? DEFAULT_USER_NAME;
    this.lines.release(line);
    const reqId = this.nextReqId++;
    remember(line.deviceOwesDestroyRet, reqId, null);
    sendFrame(line.device, { action: 'destroyMediaSession', body: { userName, reqId } });
  }

  /** A page addressing terminal `id` closed (or its node went away). */
  pageClosed(page: Peer, id: string): void {
    const line = this.lines.get(id);
    if (!line) return;
    if (line.holder !== page) return forgetPage(line, page);
    this.endCallFor(line, page);
  }

  /** Terminal `id`'s device closed: its line goes, and the page holding it is closed 1001. */
  deviceClosed(device: Peer, id: string): void {
    const line = this.lines.remove(id, device);
    line?.holder?.close(CloseCode.GOING_AWAY, CloseReason.TERMINAL_GONE);
  }
}

/** Drops a closed page from a line's pending destroy exchanges (the device's Ret to it will be dropped). */
function forgetPage(line: Line, page: Peer): void {
  for (const [reqId, asker] of line.deviceOwesDestroyRet) if (asker === page) line.deviceOwesDestroyRet.set(reqId, null);
  for (const [reqId, owed] of line.pageOwesDestroyRet) if (owed === page) line.pageOwesDestroyRet.delete(reqId);
}
