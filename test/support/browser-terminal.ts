/**
 * Browser-test support: a real `<gs-terminal>` registered on the real signalling server that
 * scripts/wtr-signalling-plugin.mjs runs beside web-test-runner, and the address a `<gs-screen-share>` calls it at.
 */
import '../../src/elements/gs-terminal/gs-terminal.js';
import type { GsTerminal } from '../../src/elements/gs-terminal/gs-terminal.component.js';
import { terminalAddress } from '../../src/protocol/index.js';

let counter = 0;

/** Polls `check` every 50 ms until it is truthy or `timeoutMs` passes; returns the last value. */
export async function until<T>(check: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let value = await check();
  while (!value && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    value = await check();
  }
  return value;
}

/** The signalling server's origin (http://127.0.0.1:PORT). */
export async function signallingOrigin(): Promise<string> {
  const response = await fetch('/__signalling');
  return ((await response.json()) as { origin: string }).origin;
}

/** Registers a fresh `<gs-terminal>` (appended to body, online) and returns it with the address pages call. */
export async function realTerminal(
  setup: (terminal: GsTerminal) => void = () => {},
): Promise<{ terminal: GsTerminal; address: string; remove(): void }> {
  const origin = await signallingOrigin();
  const id = `wtr-${Date.now().toString(36)}-${++counter}`;
  const terminal = document.createElement('gs-terminal');
  setup(terminal);
  terminal.server = origin;
  terminal.terminalId = id;
  document.body.append(terminal);
  const online = await until(() => terminal.state === 'online');
  if (!online) throw new Error(`the terminal ${id} did not register (state ${terminal.state})`);
  return { terminal, address: terminalAddress(origin, id), remove: () => terminal.remove() };
}

/** The real signalling server's counts (its `/healthz`): terminals online, lines held by a page, open sockets. */
export async function serverStats(): Promise<{ terminals: number; sessions: number; connections: number }> {
  return (await fetch('/__signalling/stats')).json();
}

/**
 * The server's counts once they have stopped changing (the same in reads `quietMs` apart, 10 s at most): a baseline
 * for counting what one test adds, after the sockets of earlier tests and files have finished closing.
 */
export async function settledStats(quietMs = 300): Promise<{ terminals: number; sessions: number; connections: number }> {
  let last = await serverStats();
  for (const end = Date.now() + 10_000; Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await serverStats();
    if (now.terminals === last.terminals && now.sessions === last.sessions && now.connections === last.connections) return now;
    last = now;
  }
  return last;
}

/**
 * A device socket of its own on the real server (`/terminals/<id>/device`, sub-protocol gs-webrtc-json) that takes
 * every frame a page sends and answers none: a terminal that never replies, for the waits and timeouts of a page.
 * `frames`: the text frames received, keep-alives left out.
 */
export async function silentDevice(): Promise<{ address: string; frames: string[]; close(): void }> {
  const origin = await signallingOrigin();
  const id = `silent-${Date.now().toString(36)}-${++counter}`;
  const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/terminals/${id}/device`, 'gs-webrtc-json');
  const frames: string[] = [];
  ws.addEventListener('message', (e) => {
    if (typeof e.data === 'string' && e.data.trim() !== '') frames.push(e.data);
  });
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`the device ${id} could not register`)), { once: true });
  });
  return { address: terminalAddress(origin, id), frames, close: () => ws.close() };
}
