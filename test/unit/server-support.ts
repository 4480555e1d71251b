/**
 * Shared by the server tests (test/unit/server-*.test.ts, test/e2e/server-*.test.ts): a real `ws` client with a
 * queue of received text, a harness that starts a real server on port 0, child processes, free ports.
 */
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket, type ClientOptions } from 'ws';
import { SUBPROTOCOL } from '../../src/protocol/index.js';
import { createSignallingServer, type ServerOptions, type SignallingServer } from '../../src/server/server.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WAIT_MS = 3000;
export const SILENCE_MS = 150;

export interface Closed {
  code: number;
  reason: string;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function withTimeout<T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms);
    }),
  ]);
}

/** Waits until `check` holds. */
export async function until(check: () => boolean, what: string, ms = WAIT_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await delay(10);
  }
}

/** A real ws client with a queue of received text frames. */
export class Client {
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<Closed>;
  readonly queue: string[] = [];
  private readonly waiters: ((text: string) => void)[] = [];

  constructor(url: string, protocols: string[] = [SUBPROTOCOL], options: ClientOptions = {}) {
    this.ws = new WebSocket(url, protocols, options);
    this.ws.on('error', () => {});
    this.ws.on('message', (data, isBinary) => {
      // The server only ever sends text frames; a binary one shows up as such and fails any comparison.
      const text = isBinary ? `(binary frame) ${String(data)}` : String(data);
      const waiter = this.waiters.shift();
      if (waiter) waiter(text);
      else this.queue.push(text);
    });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`refused ${res.statusCode}`)));
    });
    this.opened.catch(() => {});
    this.closed = new Promise((resolve) => {
      this.ws.once('close', (code, reason) => resolve({ code, reason: String(reason) }));
    });
  }

  send(text: string | object): void {
    this.ws.send(typeof text === 'string' ? text : JSON.stringify(text));
  }

  /** The next text frame, or a rejection after `ms`. */
  next(ms = WAIT_MS): Promise<string> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error('no frame arrived'));
      }, ms);
      const waiter = (text: string): void => {
        clearTimeout(timer);
        resolve(text);
      };
      this.waiters.push(waiter);
    });
  }

  async nextJson<T = any>(ms?: number): Promise<T> {
    return JSON.parse(await this.next(ms)) as T;
  }

  /** Asserts that nothing arrives for a while. */
  async silent(ms = SILENCE_MS): Promise<void> {
    await delay(ms);
    assert.deepEqual(this.queue, [], 'expected no frame');
  }

  /** Sends a keep-alive and waits for its answer: every frame sent before it has been handled by the server. */
  async sync(): Promise<void> {
    this.send('\r\n');
    assert.equal(await this.next(), '\r\n\r\n');
  }
}

export interface Harness {
  server: SignallingServer;
  port: number;
  url: string;
  logs: string[];
  clients: Client[];
  /** Opens a client on `path` and waits until it is open. */
  open(path: string, protocols?: string[], options?: ClientOptions): Promise<Client>;
  device(id: string): Promise<Client>;
  page(id: string): Promise<Client>;
}

/** Starts a server on 127.0.0.1:0 that logs into `logs`; closed (and asserted quiet) after the test. */
export async function start(t: TestContext, options: ServerOptions = {}, { quiet = true } = {}): Promise<Harness> {
  const logs: string[] = [];
  const server = createSignallingServer({ log: (line) => logs.push(line), ...options });
  const port = await server.listen(0, '127.0.0.1');
  const clients: Client[] = [];
  t.after(async () => {
    for (const c of clients) c.ws.terminate();
    await server.close();
    if (quiet) assert.deepEqual(logs, [], 'no error was logged');
  });
  const url = `ws://127.0.0.1:${port}`;
  const open = async (path: string, protocols?: string[], opts?: ClientOptions): Promise<Client> => {
    const client = new Client(`${url}${path}`, protocols, opts);
    clients.push(client);
    await withTimeout(client.opened, `open ${path}`);
    return client;
  };
  return {
    server,
    port,
    url,
    logs,
    clients,
    open,
    device: (id) => open(`/terminals/${id}/device`),
    page: (id) => open(`/terminals/${id}`),
  };
}

/** The HTTP status an upgrade attempt is refused with (rejects if it is accepted). */
export function refusedStatus(url: string, protocols?: string[], options: ClientOptions = {}): Promise<number> {
  return withTimeout(
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url, protocols, options);
      ws.on('error', () => {});
      ws.on('open', () => {
        ws.terminate();
        reject(new Error(`upgrade of ${url} was accepted`));
      });
      ws.on('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
        req.destroy();
      });
    }),
    `refusal of ${url}`,
  );
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request with the path sent exactly as given. */
export function request(port: number, path: string, method = 'GET', body?: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const OFFER = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n';
export const ANSWER = 'v=0\r\no=- 2 2 IN IP4 0.0.0.0\r\n';
export const sdp = (data: string) => ({ length: data.length, data });
export const create = (reqId: number, userName = 'alice') => ({ createMediaSession: { userName, reqId, sdp: sdp(OFFER) } });
export const ok = { rspCode: 200, rspMsg: 'ok' };

/** A page that has taken terminal `id`'s line, and the device that received its createMediaSession. */
export async function call(h: Harness, id: string, userName = 'alice'): Promise<{ device: Client; page: Client }> {
  const device = await h.device(id);
  const page = await h.page(id);
  page.send(create(1, userName));
  assert.deepEqual(await device.nextJson(), create(1, userName));
  return { device, page };
}

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A child process with its output collected; `waitFor(re)` resolves with the first match in stdout+stderr. */
export interface Child {
  proc: ChildProcess;
  output: () => string;
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGKILL to the child if it is still running, and waits for it. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startChild(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const l of [...listeners]) l();
  };
  proc.stdout!.on('data', onData);
  proc.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let running = true;
  exited.then(() => {
    running = false;
    for (const l of [...listeners]) l();
  });
  return {
    proc,
    output: () => out,
    exited,
    waitFor(re, ms = 15_000) {
      return withTimeout(
        new Promise<RegExpMatchArray>((resolve, reject) => {
          const check = (): void => {
            const m = re.exec(out);
            if (m) {
              listeners.delete(check);
              resolve(m);
            } else if (!running) {
              listeners.delete(check);
              reject(new Error(`${command} exited before ${re}: ${out.slice(-2000)}`));
            }
          };
          listeners.add(check);
          check();
        }),
        `${command} output ${re}`,
        ms,
      );
    },
    async kill(signal = 'SIGKILL') {
      if (running) {
        proc.kill(signal);
        await withTimeout(exited, `${command} exit`, 10_000).catch(() => proc.kill('SIGKILL'));
      }
    },
  };
}

/** Starts `src/server/main.ts` as a child process; resolves when it listens, with its port. */
export async function startServerProcess(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ child: Child; port: number }> {
  const child = startChild(process.execPath, ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--host', '127.0.0.1', ...args], {
    LOG_LEVEL: 'warn',
    ...env,
  });
  const match = await child.waitFor(/server on http:\/\/localhost:(\d+)/, 20_000);
  return { child, port: Number(match[1]) };
}
