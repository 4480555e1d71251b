/**
 * The two baseline relays bench/relay.ts compares our server with, each run as its own process:
 *
 *   node --import tsx bench/relay-baselines.ts ws        # bare `ws`: /pair/<i>/a ↔ /pair/<i>/b, each message to the partner
 *   node --import tsx bench/relay-baselines.ts socketio  # socket.io rooms: "join" a room, "m" goes to the rest of the room
 *
 * Each listens on 127.0.0.1 (port 0) and prints `listening <port>`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';

const kind = process.argv[2];
const server = http.createServer();

if (kind === 'ws') {
  const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
  const pairs = new Map<string, { a?: WebSocket; b?: WebSocket }>();
  wss.on('connection', (ws, req) => {
    ws.on('error', () => {});
    const m = /^\/pair\/(\d+)\/(a|b)$/.exec(req.url ?? '');
    if (!m) return ws.close(1008);
    const [, id, side] = m as unknown as [string, string, 'a' | 'b'];
    const pair = pairs.get(id) ?? {};
    pairs.set(id, pair);
    pair[side] = ws;
    const other = side === 'a' ? 'b' : 'a';
    ws.on('message', (data, isBinary) => {
      const peer = pair[other];
      if (peer && peer.readyState === WebSocket.OPEN) peer.send(data, { binary: isBinary });
    });
    ws.on('close', () => {
      if (pair[side] === ws) delete pair[side];
      if (!pair.a && !pair.b) pairs.delete(id);
    });
  });
} else if (kind === 'socketio') {
  const io = new Server(server, { transports: ['websocket'], perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });
  io.on('connection', (socket) => {
    let room: string | undefined;
    socket.on('join', (name: string, ack?: () => void) => {
      room = String(name);
      void socket.join(room);
      ack?.();
    });
    socket.on('m', (payload: unknown) => {
      if (room) socket.to(room).emit('m', payload);
    });
  });
} else {
  console.error('usage: relay-baselines.ts ws|socketio');
  process.exit(2);
}

server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => process.exit(0));
