import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nodeIdentity } from './node-identity.js';

describe('nodeIdentity', () => {
  it("names host, data directory and process; only this node's exited processes are dead incarnations", () => {
    const me = nodeIdentity('/srv/hsmtrail/a');
    expect(me.holder).toMatch(new RegExp(`^[^:]+:[0-9a-f]{12}:${process.pid}$`));
    const node = me.holder.slice(0, me.holder.lastIndexOf(':'));
    const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(me.isDeadIncarnation(`${node}:${exited}`)).toBe(true);
    expect(me.isDeadIncarnation(me.holder)).toBe(false); // this process
    expect(me.isDeadIncarnation(`${node}:1`)).toBe(false); // alive (pid 1)
    const other = nodeIdentity('/srv/hsmtrail/b').holder;
    expect(me.isDeadIncarnation(`${other.slice(0, other.lastIndexOf(':'))}:${exited}`)).toBe(false); // another node
  });
});
