// Starts Debian's Janus (`/usr/bin/janus`) with the project's configuration (janus/*.jcfg): only the VideoRoom
// plugin and the WebSocket transport, WebSocket on loopback, a known RTP port range, no Admin API. Used by the SFU
// tests (test/e2e/support/janus.ts), the benchmarks and `npm run start:sfu` (scripts/start-sfu.mjs).
//
// startJanus(options) → { url, wsPort, adminKey, pid, folder, stop(), kill() }
//   options: wsPort (0 = a free port), host (default 127.0.0.1), rtpPortRange (default "20000-20999"),
//   adminKey (default random), debugLevel (default 3), iceEnforce (comma list of interfaces, default none),
//   logFile (default <folder>/janus.log), readyTimeoutMs (default 15000).
// The configuration is written to a fresh temporary folder; stop() ends Janus (SIGTERM, then SIGKILL after 3 s)
// and removes the folder; kill() is SIGKILL at once (a crash, for the fault tests).
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const templates = ['janus.jcfg', 'janus.transport.websockets.jcfg', 'janus.plugin.videoroom.jcfg'];

/** Debian's Janus binary (JANUS_BIN overrides). */
export const janusBin = process.env.JANUS_BIN || '/usr/bin/janus';

/** Whether Janus is installed here. */
export function janusInstalled() {
  return existsSync(janusBin) && findLibDir() !== null;
}

/** The folder holding Janus's plugins/ and transports/ (JANUS_LIB_DIR, or Debian's multiarch /usr/lib/<triplet>/janus). */
export function findLibDir() {
  const candidates = [process.env.JANUS_LIB_DIR];
  try {
    for (const d of readdirSync('/usr/lib')) candidates.push(path.join('/usr/lib', d, 'janus'));
  } catch {
    /* no /usr/lib */
  }
  candidates.push('/usr/lib/janus', '/opt/janus/lib/janus');
  for (const c of candidates) if (c && existsSync(path.join(c, 'plugins', 'libjanus_videoroom.so')) && existsSync(path.join(c, 'transports', 'libjanus_websockets.so'))) return c;
  return null;
}

/** A free TCP port on `host` (bound and released: a small race another process could win, retried by the caller). */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once Janus answers `info` on `url` (janus-protocol), or rejects after `timeoutMs`. */
export async function waitForJanus(url, timeoutMs = 15_000, isDead = () => false) {
  const end = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < end) {
    if (isDead()) throw new Error('janus exited');
    try {
      await new Promise((resolve, reject) => {
        const ws = new WebSocket(url, 'janus-protocol');
        const timer = setTimeout(() => {
          ws.terminate();
          reject(new Error('timeout'));
        }, 1000);
        ws.on('open', () => ws.send(JSON.stringify({ janus: 'info', transaction: 'ready' })));
        ws.on('message', (data) => {
          const m = JSON.parse(String(data));
          clearTimeout(timer);
          ws.close();
          if (m.janus === 'server_info' && m.plugins?.['janus.plugin.videoroom']) resolve();
          else reject(new Error(`unexpected ${String(data).slice(0, 200)}`));
        });
        ws.on('error', (e) => {
          clearTimeout(timer);
          reject(e);
        });
      });
      return;
    } catch (e) {
      lastError = e.message;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  throw new Error(`Janus did not answer on ${url} in ${timeoutMs} ms: ${lastError}`);
}

/** Writes the configuration for one Janus into `folder`; returns the values filled in. */
export function writeConfig(folder, { wsPort, host, rtpPortRange, adminKey, debugLevel, iceEnforce }) {
  const libDir = findLibDir();
  if (!libDir) throw new Error('Janus is not installed (apt-get install janus janus-tools)');
  const dirs = { conf: path.join(folder, 'conf'), plugins: path.join(folder, 'plugins'), transports: path.join(folder, 'transports'), empty: path.join(folder, 'none') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  symlinkSync(path.join(libDir, 'plugins', 'libjanus_videoroom.so'), path.join(dirs.plugins, 'libjanus_videoroom.so'));
  symlinkSync(path.join(libDir, 'transports', 'libjanus_websockets.so'), path.join(dirs.transports, 'libjanus_websockets.so'));
  const values = {
    CONFIGS_FOLDER: dirs.conf,
    PLUGINS_FOLDER: dirs.plugins,
    TRANSPORTS_FOLDER: dirs.transports,
    EMPTY_FOLDER: dirs.empty,
    DEBUG_LEVEL: String(debugLevel),
    RTP_PORT_RANGE: rtpPortRange,
    ICE_ENFORCE_LIST: iceEnforce ? `ice_enforce_list = "${iceEnforce}"` : '',
    WS_PORT: String(wsPort),
    WS_IP: host,
    ADMIN_KEY: adminKey,
  };
  for (const name of templates) {
    const text = readFileSync(path.join(repoRoot, 'janus', name), 'utf8').replace(/@([A-Z_]+)@/g, (all, key) => (key in values ? values[key] : all));
    writeFileSync(path.join(dirs.conf, name), text);
  }
  return { conf: dirs.conf, values };
}

/** Starts one Janus; see the file's header. */
export async function startJanus(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const rtpPortRange = options.rtpPortRange ?? '20000-20999';
  const adminKey = options.adminKey ?? randomBytes(18).toString('base64url');
  const debugLevel = options.debugLevel ?? 3;
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const wsPort = options.wsPort || (await freePort(host));
    const folder = mkdtempSync(path.join(tmpdir(), 'gs-janus-'));
    const { conf } = writeConfig(folder, { wsPort, host, rtpPortRange, adminKey, debugLevel, iceEnforce: options.iceEnforce });
    const logFile = options.logFile ?? path.join(folder, 'janus.log');
    const out = openSync(logFile, 'a');
    const child = spawn(janusBin, ['-F', conf, '-C', path.join(conf, 'janus.jcfg'), '-o'], { stdio: ['ignore', out, out] });
    let exited = false;
    child.on('exit', () => (exited = true));
    const url = `ws://${host.includes(':') ? `[${host}]` : host}:${wsPort}`;
    const stop = async (signal = 'SIGTERM') => {
      if (!exited) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
        await gone;
        clearTimeout(timer);
      }
      if (!options.keepFolder) rmSync(folder, { recursive: true, force: true });
    };
    try {
      await waitForJanus(url, options.readyTimeoutMs ?? 15_000, () => exited);
      return {
        url,
        wsPort,
        adminKey,
        pid: child.pid,
        folder,
        logFile,
        process: child,
        stop: () => stop('SIGTERM'),
        kill: () => stop('SIGKILL'),
      };
    } catch (error) {
      lastError = new Error(`${error.message}\n${existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2000) : ''}`);
      await stop('SIGKILL');
    }
  }
  throw lastError;
}

/** Janus's CPU time so far (user + system, in ms) from /proc/<pid>/stat. */
export function cpuMsOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return (ticks * 1000) / hz;
}
