/**
 * Logging. The server logs structured records (an object of fields and a message) through a {@link StructuredLogger},
 * which a pino logger is. The `log` option also takes a plain function of one line of text (the tests pass one):
 * it receives only `warn` and `error` records, formatted as `message {"field":…}`; `info` and `debug` are dropped.
 */
import { pino } from 'pino';

/** A function that receives one line of text per warning or error (the simple, injectable form). */
export type Logger = (message: string) => void;

/** Levelled, structured logging: pino's shape (`logger.info({ fields }, 'message')`). */
export interface StructuredLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** What the `log` option accepts: a line function or a structured (pino) logger. */
export type LogOption = Logger | StructuredLogger;

function lineOf(fields: object, message: string): string {
  const keys = Object.keys(fields);
  if (keys.length === 0) return message;
  try {
    return `${message} ${JSON.stringify(fields)}`;
  } catch {
    return message;
  }
}

/** Turns the `log` option into a structured logger (a line function gets warn and error records only). */
export function toStructured(log: LogOption): StructuredLogger {
  if (typeof log !== 'function') return log;
  const line = (fields: object, message: string): void => log(lineOf(fields, message));
  return { debug: () => {}, info: () => {}, warn: line, error: line };
}

/** Log levels accepted by {@link createPinoLogger} (`LOG_LEVEL`, `--log-level`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A pino logger writing JSON lines to stderr (fd 2) at `level`. */
export function createPinoLogger(level: LogLevel = 'info'): StructuredLogger {
  return pino({ level, base: { name: 'gs-screen-share' } }, pino.destination({ fd: 2, sync: true }));
}

/** The default logger of {@link createSignallingServer}: pino on stderr at `LOG_LEVEL` (default `warn`). */
export function defaultLogger(): StructuredLogger {
  const level = process.env.LOG_LEVEL as LogLevel | undefined;
  return createPinoLogger(level && (LOG_LEVELS as readonly string[]).includes(level) ? level : 'warn');
}

/** Formats an unknown thrown value for a log line (message and the first stack frame at most). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack?.split('\n').slice(0, 2).join(' | ') ?? error.message;
  return String(error);
}
