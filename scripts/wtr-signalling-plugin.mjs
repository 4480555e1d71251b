// A web-test-runner plugin that runs our real signalling server (src/server) next to the test pages, so browser
// tests can register a real <gs-terminal> and call it from <gs-screen-share> in the same page: real WebSocket,
// real RTCPeerConnections. GET /__signalling answers { origin } (the server's http://127.0.0.1:PORT);
// GET /__signalling/stats its counts (server.stats(): terminals, sessions, connections, rooms, members), as /healthz.
import { tsImport } from 'tsx/esm/api';

export function signallingServerPlugin() {
  let server;
  let port = 0;
  return {
    name: 'gs-signalling-server',
    async serverStart() {
      const { createSignallingServer } = await tsImport('../src/server/server.ts', import.meta.url);
      server = createSignallingServer({});
      port = await server.listen(0, '127.0.0.1');
    },
    async serverStop() {
      await server?.close();
    },
    serve(context) {
      if (context.path === '/__signalling/stats') return { body: JSON.stringify(server.stats()), type: 'json' };
      if (context.path === '/__signalling') return { body: JSON.stringify({ origin: `http://127.0.0.1:${port}` }), type: 'json' };
      return undefined;
    },
  };
}
