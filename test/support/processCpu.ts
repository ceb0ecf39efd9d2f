import * as fs from 'node:fs';

/** CPU time a process has used, in ms, from /proc (all its threads; user + system, 100 clock ticks a second on Linux). */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resolves once the process has used `ms` more of CPU than `from`: it is then at work, not starting up. */
export async function busyFor(pid: number, ms: number, from = 0): Promise<void> {
  while (cpuMs(pid) < from + ms) await new Promise((resolve) => setImmediate(resolve));
}
