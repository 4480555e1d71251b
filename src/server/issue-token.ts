/**
 * Prints an access token for the signalling server (see auth.ts and docs/server.md "Tokens"):
 *
 *   JWT_SECRET=… node --import tsx src/server/issue-token.ts --terminal demo --role page --ttl 3600
 *   JWT_PRIVATE_KEY="$(cat key.pem)" node --import tsx src/server/issue-token.ts --room standup --role page
 *
 * Flags: `--terminal <id>` or `--room <name>`, `--role page|terminal` (default page), `--ttl <seconds>` (default 3600),
 * `--record` (room tokens: claim `record: true`, the member may record the room), `--json` (print `{"token","expiresAt"}` instead of the bare token). The key comes from the environment only:
 * `JWT_SECRET` (HS256) or `JWT_PRIVATE_KEY` (PEM; ES256, RS256 or EdDSA by key type).
 */
import { parseArgs } from 'node:util';
import { issueToken, type TokenRole } from './auth.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      terminal: { type: 'string' },
      room: { type: 'string' },
      role: { type: 'string', default: 'page' },
      ttl: { type: 'string', default: '3600' },
      json: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log('usage: issue-token (--terminal <id> | --room <name>) [--role page|terminal] [--ttl seconds] [--record] [--json]');
    console.log('key from env: JWT_SECRET (HS256) or JWT_PRIVATE_KEY (PEM)');
    return;
  }
  const secret = process.env.JWT_SECRET || undefined;
  const privateKey = process.env.JWT_PRIVATE_KEY || undefined;
  if (!secret && !privateKey) throw new Error('set JWT_SECRET or JWT_PRIVATE_KEY');
  const issued = await issueToken({
    secret: privateKey ? undefined : secret,
    privateKey,
    terminal: values.terminal,
    room: values.room,
    role: values.role as TokenRole,
    ttlSeconds: Number(values.ttl),
    record: values.record,
  });
  console.log(values.json ? JSON.stringify(issued) : issued.token);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
