/**
 * Watches media elements the way a person watches them: every `loadstart` (the media element load algorithm
 * restarting: black picture, sound drop) is counted, and `currentTime` is sampled every 50 ms to catch it going
 * back. `stop()` returns what was seen.
 */
export interface MediaWatch {
  stop(): { loadstarts: Record<string, number>; wentBack: string[]; advanced: Record<string, number> };
}

export function watchMedia(elements: Record<string, HTMLMediaElement | null>): MediaWatch {
  const loadstarts: Record<string, number> = {};
  const wentBack: string[] = [];
  const first: Record<string, number> = {};
  const last: Record<string, number> = {};
  const entries = Object.entries(elements).filter((e): e is [string, HTMLMediaElement] => Boolean(e[1]));
  const off: (() => void)[] = [];
  for (const [name, media] of entries) {
    loadstarts[name] = 0;
    first[name] = last[name] = media.currentTime;
    const count = () => loadstarts[name]++;
    media.addEventListener('loadstart', count);
    off.push(() => media.removeEventListener('loadstart', count));
  }
  const sample = () => {
    for (const [name, media] of entries) {
      if (media.currentTime < last[name]) wentBack.push(`${name}: ${last[name].toFixed(2)} → ${media.currentTime.toFixed(2)} s`);
      last[name] = media.currentTime;
    }
  };
  const timer = setInterval(sample, 50);
  return {
    stop() {
      sample();
      clearInterval(timer);
      for (const f of off) f();
      const advanced = Object.fromEntries(entries.map(([name]) => [name, last[name] - first[name]]));
      return { loadstarts, wentBack, advanced };
    },
  };
}
