/**
 * Access tokens (JWT, checked with `jose`) for the WebSocket upgrade.
 *
 * When a key is configured, every upgrade needs a token in the `token` query parameter
 * (`ws://HOST/terminals/demo?token=…`; browsers cannot set headers on a WebSocket) or an
 * `Authorization: Bearer …` header. The token must:
 * - be signed with the configured key: HS256 with `JWT_SECRET` (at least 32 bytes), or, with `JWT_PUBLIC_KEY`
 *   (PEM, SPKI), ES256 for a P-256 key, RS256 for an RSA key, EdDSA for an Ed25519 key. Only that one algorithm is
 *   accepted, so `alg: "none"` and algorithm swaps (an HS256 token "signed" with the public key) fail;
 * - carry `exp` (required) and, if present, `nbf`, both checked with {@link CLOCK_TOLERANCE_S} s of tolerance;
 * - name the target: claim `terminal: "<id>"` for `/terminals/<id>[/device]`, claim `room: "<name>"` for `/rooms/<name>`;
 * - carry `role`: `"terminal"` for a device connection (`/terminals/<id>/device`), `"page"` for a page or a room member.
 * - optionally `record: true` (room tokens): the member may start and stop the room's recording (`recordRoom`,
 *   SFU mode) and read its recordings at `GET /recordings/<room>` (docs/sfu.md "Recording"). Without it: 403.
 * Anything else: the upgrade is answered 401 and the socket destroyed.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

/** The role a token grants: a page (browser; also room members) or a terminal (device). */
export type TokenRole = 'page' | 'terminal';

/** What a connection asks for: terminal `name` or room `name`, as a page or a terminal. */
export interface TokenTarget {
  kind: 'terminal' | 'room';
  name: string;
  role: TokenRole;
}

/** Seconds of clock skew accepted on `exp` and `nbf`. */
export const CLOCK_TOLERANCE_S = 5;
/** Shortest accepted HS256 secret, in bytes. */
export const MIN_SECRET_BYTES = 32;

type Alg = 'HS256' | 'ES256' | 'RS256' | 'EdDSA';

function algOfKey(key: KeyObject): Alg {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1' || curve === 'P-256') return 'ES256';
    throw new TypeError(`EC keys must be on P-256 (ES256), got ${curve}`);
  }
  throw new TypeError(`unsupported key type ${type}: use an ES256 (P-256), RS256 (RSA) or Ed25519 key`);
}

function secretKey(secret: string): Uint8Array {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) throw new TypeError(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}

/** The result of {@link TokenVerifier.verify}. */
export type Verdict = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

/** Checks tokens against one key and one algorithm. */
export class TokenVerifier {
  private readonly key: Uint8Array | KeyObject;
  /** The only algorithm accepted. */
  readonly algorithm: Alg;

  /** Exactly one of `secret` (HS256) and `publicKey` (PEM) must be given; throws a TypeError otherwise. */
  constructor(options: { secret?: string; publicKey?: string }) {
    if ((options.secret === undefined) === (options.publicKey === undefined)) {
      throw new TypeError('give exactly one of a JWT secret and a JWT public key');
    }
    if (options.secret !== undefined) {
      this.key = secretKey(options.secret);
      this.algorithm = 'HS256';
    } else {
      let key: KeyObject;
      try {
        key = createPublicKey(options.publicKey!);
      } catch (error) {
        throw new TypeError(`JWT public key is not a readable PEM public key: ${(error as Error).message}`);
      }
      this.key = key;
      this.algorithm = algOfKey(key);
    }
  }

  /** Verifies `token`'s signature, algorithm and lifetime only (any target, any role); never throws. */
  async verifyAny(token: string | undefined): Promise<boolean> {
    if (!token) return false;
    try {
      await jwtVerify(token, this.key, { algorithms: [this.algorithm], requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_S });
      return true;
    } catch {
      return false;
    }
  }

  /** Verifies `token` for `target`; never throws. */
  async verify(token: string | undefined, target: TokenTarget): Promise<Verdict> {
    if (!token) return { ok: false, reason: 'token required' };
    let claims: Record<string, unknown>;
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [this.algorithm],
        requiredClaims: ['exp'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      claims = payload as Record<string, unknown>;
    } catch (error) {
      return { ok: false, reason: `invalid token: ${(error as Error).message.slice(0, 100)}` };
    }
    if (claims.role !== target.role) return { ok: false, reason: `token role must be ${target.role}` };
    if (claims[target.kind] !== target.name) return { ok: false, reason: `token is not for ${target.kind} ${target.name}` };
    return { ok: true, claims };
  }
}

/** What {@link issueToken} signs. */
export interface IssueOptions {
  /** HS256 secret (at least 32 bytes); or give `privateKey`. */
  secret?: string;
  /** PEM private key (PKCS#8 or traditional): ES256 for P-256, RS256 for RSA, EdDSA for Ed25519. */
  privateKey?: string;
  /** Terminal id the token grants (claim `terminal`); or give `room`. */
  terminal?: string;
  /** Room name the token grants (claim `room`). */
  room?: string;
  role: TokenRole;
  /** Lifetime in seconds (default 3600). */
  ttlSeconds?: number;
  /** Grants claim `record: true` (room tokens only): the holder may record the room and read its recordings. */
  record?: boolean;
  /** Issued-at time in seconds (default now); `nbf` is the same. */
  now?: number;
}

/** Signs a token for the server's upgrade check; resolves `{ token, expiresAt }` (expiresAt in seconds). */
export async function issueToken(options: IssueOptions): Promise<{ token: string; expiresAt: number }> {
  const { terminal, room, role } = options;
  if ((terminal === undefined) === (room === undefined)) throw new TypeError('give exactly one of terminal and room');
  if (role !== 'page' && role !== 'terminal') throw new TypeError('role must be page or terminal');
  const ttl = options.ttlSeconds ?? 3600;
  if (!Number.isSafeInteger(ttl) || ttl <= 0) throw new TypeError('ttl must be a positive integer (seconds)');
  let key: Uint8Array | KeyObject;
  let alg: Alg;
  if (options.secret !== undefined && options.privateKey === undefined) {
    key = secretKey(options.secret);
    alg = 'HS256';
  } else if (options.privateKey !== undefined && options.secret === undefined) {
    key = createPrivateKey(options.privateKey);
    alg = algOfKey(createPublicKey(key));
  } else {
    throw new TypeError('give exactly one of a secret and a private key');
  }
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { role };
  if (terminal !== undefined) claims.terminal = terminal;
  else claims.room = room;
  if (options.record) {
    if (room === undefined) throw new TypeError('record is a room claim');
    claims.record = true;
  }
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttl)
    .sign(key);
  return { token, expiresAt: now + ttl };
}

/** The token of an upgrade request: the `token` query parameter, else an `Authorization: Bearer` header. */
export function tokenOf(url: string | undefined, authorization: string | undefined): string | undefined {
  const query = (url ?? '').split('#', 1)[0].split('?')[1];
  if (query !== undefined) {
    const token = new URLSearchParams(query).get('token');
    if (token) return token;
  }
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}
