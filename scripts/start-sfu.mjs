#!/usr/bin/env node
// `npm run start:sfu`: Debian's Janus with the project's configuration (scripts/janus.mjs: VideoRoom + WebSockets
// only, loopback, RTP ports JANUS_RTP_PORTS or 20000-20999, no Admin API) and the signalling server in SFU mode
// pointed at it (JANUS_URL, JANUS_ADMIN_KEY in its environment; README "Conferences through Janus"). Extra
// arguments go to the server (e.g. --port 3000). JANUS_HOST (default 127.0.0.1) is where Janus's WebSocket listens,
// JANUS_WS_PORT (default a free port) its port. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startJanus } from './janus.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const janus = await startJanus({
  host: process.env.JANUS_HOST || '127.0.0.1',
  wsPort: Number(process.env.JANUS_WS_PORT) || 0,
  rtpPortRange: process.env.JANUS_RTP_PORTS || '20000-20999',
  logFile: process.env.JANUS_LOG_FILE,
});
console.log(`Janus ${janus.url} (pid ${janus.pid}, log ${janus.logFile})`);
const server = spawn(process.execPath, ['--max-semi-space-size=32', '--import', 'tsx', 'src/server/main.ts', ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, JANUS_URL: janus.url, JANUS_ADMIN_KEY: janus.adminKey },
});
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  if (server.exitCode === null) server.kill('SIGTERM');
  await janus.stop();
  process.exit(code);
};
server.on('exit', (code) => void stop(code ?? 0));
janus.process.on('exit', () => {
  if (!stopping) console.error('Janus exited; the rooms fall back to nothing until it is back (restart npm run start:sfu)');
});
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
