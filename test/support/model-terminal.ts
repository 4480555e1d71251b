/**
 * A scripted terminal for Node tests: a real `ws` WebSocketServer on 127.0.0.1 (port 0) that speaks the
 * sub-protocol gs-webrtc-json and plays protocol transcripts as a test tells it to. Each line (`/terminals/<id>`)
 * records every text frame the page sends, exactly as it came over the wire, and can hold the page's WebSocket
 * upgrade until the test accepts or rejects it (so the test decides when SIGNAL.OPEN happens).
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket as WsSocket } from 'ws';
import { SUBPROTOCOL } from '../../src/protocol/index.js';

export class ScriptedLine {
  /** Every text frame received from the page, keep-alives included, in order. */
  readonly received: string[] = [];
  /** Upgrades held until `accept()` / `reject()` (when `holdUpgrades`). */
  readonly held: ((ok: boolean, status?: number) => void)[] = [];
  /** Close codes of the page's sockets, as the server saw them. */
  readonly closes: { code: number; reason: string }[] = [];
  socket: WsSocket | null = null;
  /** The sub-protocol negotiated by the last connection. */
  protocol = '';
  connections = 0;

  constructor(
    readonly path: string,
    public holdUpgrades: boolean,
  ) {}

  /** Frames other than the "\r\n" keep-alive. */
  get frames(): string[] {
    return this.received.filter((text) => text !== '\r\n');
  }

  /** Lets the oldest held upgrade through. */
  accept(): void {
    const next = this.held.shift();
    if (!next) throw new Error(`no upgrade is held on ${this.path}`);
    next(true);
  }

  /** Refuses the oldest held upgrade with an HTTP status (the page sees a socket that never opened). */
  reject(status = 503): void {
    const next = this.held.shift();
    if (!next) throw new Error(`no upgrade is held on ${this.path}`);
    next(false, status);
  }

  send(text: string): void {
    if (!this.socket || this.socket.readyState !== 1) throw new Error(`no open socket on ${this.path}`);
    this.socket.send(text);
  }

  close(code = 4000, reason = 'scripted close'): void {
    if (!this.socket) throw new Error(`no socket on ${this.path}`);
    this.socket.close(code, reason);
  }

  /** Releases what is left: held upgrades are refused. */
  release(): void {
    while (this.held.length) this.held.shift()!(false, 503);
    this.socket?.terminate();
  }
}

export class ScriptedTerminal {
  private constructor(
    private readonly wss: WebSocketServer,
    private readonly lines: Map<string, ScriptedLine>,
    readonly port: number,
  ) {}

  static async start(): Promise<ScriptedTerminal> {
    const lines = new Map<string, ScriptedLine>();
    const wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
      verifyClient: (info, done) => {
        const line = lines.get(info.req.url ?? '');
        if (!line) return done(false, 404);
        if (!line.holdUpgrades) return done(true);
        const answer = (ok: boolean, status?: number) => (ok ? done(true) : done(false, status));
        line.held.push(answer);
        // A page that gives up while held (its socket closed while connecting) is no longer held.
        info.req.socket.once('close', () => {
          const at = line.held.indexOf(answer);
          if (at >= 0) line.held.splice(at, 1);
        });
      },
    });
    wss.on('connection', (socket, req) => {
      const line = lines.get(req.url ?? '')!;
      line.socket = socket;
      line.protocol = socket.protocol;
      line.connections++;
      socket.on('message', (data, isBinary) => line.received.push(isBinary ? '<binary>' : data.toString()));
      socket.on('close', (code, reason) => {
        line.closes.push({ code, reason: reason.toString() });
        if (line.socket === socket) line.socket = null;
      });
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    return new ScriptedTerminal(wss, lines, (wss.address() as AddressInfo).port);
  }

  /** A new line `/terminals/<id>`; `holdUpgrades` holds each page upgrade until the test accepts it. */
  line(id: string, holdUpgrades = false): ScriptedLine {
    const path = `/terminals/${id}`;
    const line = new ScriptedLine(path, holdUpgrades);
    this.lines.set(path, line);
    return line;
  }

  url(line: ScriptedLine): string {
    return `ws://127.0.0.1:${this.port}${line.path}`;
  }

  drop(line: ScriptedLine): void {
    line.release();
    this.lines.delete(line.path);
  }

  async stop(): Promise<void> {
    for (const line of this.lines.values()) line.release();
    this.lines.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** Polls `check` (every tick, then every 2 ms) until it is true or `timeoutMs` passes; returns the last value. */
export async function until(check: () => boolean, timeoutMs = 2000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (let i = 0; !check(); i++) {
    if (Date.now() > end) return false;
    await new Promise((r) => (i < 20 ? setImmediate(r) : setTimeout(r, 2)));
  }
  return true;
}
