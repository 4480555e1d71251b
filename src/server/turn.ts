/**
 * Ephemeral TURN credentials (the "TURN REST API" scheme that coturn's `use-auth-secret` checks):
 * username `"<expiry unix seconds>:<id>"`, credential `base64(HMAC-SHA1(secret, username))`.
 * `GET /turn-credentials` answers `{ iceServers: [{ urls, username, credential }], ttl }`, ready for
 * `RTCPeerConnection`'s configuration (both elements' `rtcConfiguration`).
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface TurnOptions {
  /** The secret shared with the TURN server (coturn `static-auth-secret`). */
  secret: string;
  /** TURN URLs, e.g. `turn:turn.example.com:3478?transport=udp`. */
  urls: string[];
  /** Lifetime of the credentials in seconds (default 3600). */
  ttlSeconds?: number;
}

export interface TurnCredentials {
  iceServers: { urls: string[]; username: string; credential: string }[];
  ttl: number;
}

/** Makes credentials valid for `ttlSeconds` from `now` (seconds) for user `id` (default: random). */
export function turnCredentials(options: TurnOptions, id = randomBytes(6).toString('hex'), now = Math.floor(Date.now() / 1000)): TurnCredentials {
  const ttl = options.ttlSeconds ?? 3600;
  const username = `${now + ttl}:${id}`;
  const credential = createHmac('sha1', options.secret).update(username).digest('base64');
  return { iceServers: [{ urls: [...options.urls], username, credential }], ttl };
}
