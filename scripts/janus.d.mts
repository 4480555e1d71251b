import type { ChildProcess } from 'node:child_process';

export interface JanusOptions {
  wsPort?: number;
  host?: string;
  rtpPortRange?: string;
  adminKey?: string;
  debugLevel?: number;
  iceEnforce?: string;
  logFile?: string;
  readyTimeoutMs?: number;
  keepFolder?: boolean;
}
export interface RunningJanus {
  url: string;
  wsPort: number;
  adminKey: string;
  pid: number;
  folder: string;
  logFile: string;
  process: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}
export const janusBin: string;
export function janusInstalled(): boolean;
export function findLibDir(): string | null;
export function freePort(host?: string): Promise<number>;
export function waitForJanus(url: string, timeoutMs?: number, isDead?: () => boolean): Promise<void>;
export function startJanus(options?: JanusOptions): Promise<RunningJanus>;
export function cpuMsOf(pid: number): number;
