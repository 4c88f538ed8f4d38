import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';

/**
 * A node is a data directory on a host; each process serving it is one incarnation. Its worker-lease
 * holder names all three (`host:node:pid`), so a restarted node can tell its own dead predecessor's
 * lease from another node's and take it over at once.
 */
export function nodeIdentity(dataDir: string): { holder: string; isDeadIncarnation(holder: string): boolean } {
  const node = `${hostname()}:${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12)}`;
  return {
    holder: `${node}:${process.pid}`,
    isDeadIncarnation(holder) {
      const pid = holder.startsWith(`${node}:`) ? Number(holder.slice(node.length + 1)) : NaN;
      return Number.isInteger(pid) && pid !== process.pid && !alive(pid);
    },
  };
}

/** Whether a process with this id exists on this host. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}
