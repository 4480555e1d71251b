/**
 * The ICE servers `<gs-screen-share>` fetches before each call from its `ice-servers-url` (JSON
 * `{ iceServers: RTCIceServer[] }`, e.g. the server's `GET /turn-credentials`, docs/server.md "TURN"), and the
 * RTCPeerConnection configuration they make with the element's `rtcConfiguration`. A fetch under way is aborted
 * (AbortController) when the element is removed, and when the URL changes (then the new URL is fetched instead).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** GETs `url` and returns its `iceServers`; throws on any failure (an AbortError when `signal` aborts). */
export async function fetchIceServers(url: string, signal?: AbortSignal): Promise<RTCIceServer[]> {
  const response = await fetch(url, { headers: { accept: 'application/json' }, signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { iceServers?: unknown };
  if (!Array.isArray(body.iceServers)) throw new Error('no iceServers in the answer');
  return body.iceServers as RTCIceServer[];
}

/** What became of a fetch: the servers, a failure (with the URL), or `removed` (aborted with the element). */
export type IceServersOutcome = { servers: RTCIceServer[] } | { error: unknown; url: string } | { removed: true };

export class IceServersController implements ReactiveController {
  /** The servers fetched for the current call. */
  private fetched: RTCIceServer[] = [];
  /** The fetches under way, each with the URL it was started for. */
  private readonly pending = new Map<AbortController, string>();
  private connected = false;

  constructor(
    host: ReactiveControllerHost,
    /** The element's `ice-servers-url` now ('' = none). */
    private readonly url: () => string,
  ) {
    host.addController(this);
  }

  /** Fetches the servers for the call about to start (none when there is no URL), replacing the last call's. */
  async fetch(): Promise<IceServersOutcome> {
    this.fetched = [];
    for (;;) {
      const url = this.url();
      if (!url) return { servers: [] };
      const abort = new AbortController();
      this.pending.set(abort, url);
      try {
        this.fetched = await fetchIceServers(url, abort.signal);
        return { servers: this.fetched };
      } catch (error) {
        if (!abort.signal.aborted) return { error, url };
        if (!this.connected) return { removed: true };
        // Aborted because the URL changed: fetch the new one.
      } finally {
        this.pending.delete(abort);
      }
    }
  }

  /** `base` (the element's `rtcConfiguration`) with the fetched servers after its own. */
  configuration(base: RTCConfiguration | undefined): RTCConfiguration | undefined {
    return this.fetched.length ? { ...base, iceServers: [...(base?.iceServers ?? []), ...this.fetched] } : base;
  }

  hostConnected(): void {
    this.connected = true;
  }

  /** A fetch for a URL that is no longer the element's is aborted. */
  hostUpdate(): void {
    const url = this.url();
    for (const [abort, startedFor] of this.pending) if (startedFor !== url) abort.abort();
  }

  hostDisconnected(): void {
    this.connected = false;
    for (const abort of this.pending.keys()) abort.abort();
  }
}
