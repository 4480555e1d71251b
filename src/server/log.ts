/** The server's one logging hook: a function that receives a line of text. */
export type Logger = (message: string) => void;

/** Default logger: one line on stderr, prefixed with the component name. */
export const defaultLogger: Logger = (message) => {
  console.error(`[gs-screen-share server] ${message}`);
};

/** Formats an unknown thrown value for a log line (message and the first stack frame at most). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack?.split('\n').slice(0, 2).join(' | ') ?? error.message;
  return String(error);
}
