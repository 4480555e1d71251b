/**
 * The cluster's shared vocabulary in Redis (cluster.ts): its timings, the keys and channels it uses, the Lua scripts
 * that must run atomically, and the messages nodes send each other. Kept apart so that the keyspace can be read in
 * one place.
 */

/** Heartbeat period of a node, in ms. */
export const CLUSTER_HEARTBEAT_MS = 1000;
/** A node silent for this long is taken as gone, in ms. */
export const CLUSTER_DEAD_AFTER_MS = 3500;
/** TTL of the `gs:terminal:<id>` keys, in ms (refreshed every heartbeat). */
export const TERMINAL_KEY_TTL_MS = 15_000;

export const ALL = 'gs:all';
export const nodeChannel = (node: string): string => `gs:node:${node}`;
export const terminalKey = (id: string): string => `gs:terminal:${id}`;
export const roomKey = (name: string): string => `gs:room:${name}`;
export const roomChannel = (name: string): string => `gs:roomevents:${name}`;
export const aliveKey = (node: string): string => `gs:alive:${node}`;

/**
 * Joins a room if it has room: drops members whose node is no longer alive, then adds ARGV[1] (value ARGV[2]) if
 * the room has fewer than ARGV[3] members; returns the members as a flat [id, value, …] list, or nil when full.
 */
export const JOIN_ROOM = `
local all = redis.call('hgetall', KEYS[1])
for i = 1, #all, 2 do
  local ok, member = pcall(cjson.decode, all[i + 1])
  if not ok or redis.call('exists', 'gs:alive:' .. tostring(member.node)) == 0 then redis.call('hdel', KEYS[1], all[i]) end
end
if redis.call('hexists', KEYS[1], ARGV[1]) == 0 and redis.call('hlen', KEYS[1]) >= tonumber(ARGV[3]) then return false end
redis.call('hset', KEYS[1], ARGV[1], ARGV[2])
return redis.call('hgetall', KEYS[1])
`;

/** Deletes a key only if it still holds our value. */
export const DELETE_IF = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** What nodes tell each other over their channels (`gs:all`, `gs:node:<id>`). */
export type Message =
  | { type: 'pageFrame'; node: string; terminal: string; page: string; frame: string }
  | { type: 'pageClosed'; node: string; terminal: string; page: string }
  | { type: 'toPage'; page: string; text: string }
  | { type: 'closePage'; page: string; code: number; reason: string }
  | { type: 'registered'; node: string; terminal: string }
  | { type: 'heartbeat'; node: string }
  | { type: 'leaving'; node: string };
