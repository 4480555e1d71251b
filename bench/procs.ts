/** CPU time of this Node process's descendants from /proc (Linux): the benches' Chromium processes by type. */
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime. */
export const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

export interface Proc {
  pid: number;
  ppid: number;
  kind: string;
  cpu: number;
}

/** Every process below this Node process, with its Chromium type (`renderer`, `gpu-process`, `browser`…) and CPU time in s. */
export function processes(): Proc[] {
  const all: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split(/[\0 ]/); // Chromium rewrites its argv into one string
      const type = cmd.find((a) => a.startsWith('--type='))?.slice(7);
      const sub = cmd.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
      const kind = type ? (type === 'utility' && sub ? `utility ${sub.replace(/\.mojom\..*$/, '')}` : type) : /chrom/i.test(cmd[0] ?? '') ? 'browser' : 'other';
      all.push({ pid: Number(name), ppid: Number(fields[1]), kind, cpu: (Number(fields[11]) + Number(fields[12])) / CLK_TCK });
    } catch {
      /* gone */
    }
  }
  const mine = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of all) if (!mine.has(p.pid) && mine.has(p.ppid)) (mine.add(p.pid), (grew = true));
  }
  return all.filter((p) => p.pid !== process.pid && mine.has(p.pid) && p.kind !== 'other');
}


