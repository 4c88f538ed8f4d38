import type { Command } from 'commander';
import { callAdmin, type EndpointOptions } from '../cli/admin-client.js';
import { withOfflineServer } from '../cli/offline-admin.js';
import { print, remote, type CommonFlags } from '../cli/commands/admin.js';

export function registerConsole(program: Command): void {
  const cmd = program.command('console').description('web console administration');
  remote(
    cmd
      .command('set-root-password')
      .description(
        "set the root user's console password (read from stdin, or prompted for on a terminal; 8 to 128 characters), " +
          'kept in the store for every node. It is admin operation hsmtrail:SetRootPassword, authorized by IAM and ' +
          'recorded (without the password). By default it calls the running server (any node), signed with your AWS ' +
          'credentials; use an https endpoint unless the server is on this machine, the password travels in the request. ' +
          "Offline, with no server running, --data-dir opens that data directory's store directly (and --database its " +
          "PostgreSQL store, with a node's data dir for its keys) and makes the same call in-process as the root user.",
      ),
  )
    .option('--data-dir <dir>', 'offline: the data directory of a stopped server (or of a node, with --database)')
    .option('--database <url>', 'offline: the PostgreSQL store (postgres://...; HSMTRAIL_DATABASE_URL), with --data-dir')
    .action(async (flags: CommonFlags & { dataDir?: string; database?: string }) => {
      if (flags.database && !flags.dataDir)
        throw new Error("--database needs --data-dir: a node's data directory (account.json, master.key)");
      const password = await readPassword();
      const set = (opts: EndpointOptions) => callAdmin('SetRootPassword', { Password: password }, opts);
      if (flags.dataDir) await withOfflineServer({ dataDir: flags.dataDir, database: flags.database }, set);
      else await set(flags);
      print({}, flags, () => 'Root console password set: every node sharing the store signs the root user in with it.');
    });
  registerRootMfa(cmd);
}

/**
 * The root user assigns its MFA device in the console (Security credentials), as on AWS; this is
 * the way back in when that device is lost: a call to the running server's admin API
 * (hsmtrail:RemoveRootMFADevices, IAM-authorized and recorded), signed with the caller's credentials.
 */
function registerRootMfa(cmd: Command): void {
  const mfa = cmd.command('root-mfa').description("the root user's MFA device (assigned in the console, Security credentials)");
  remote(
    mfa
      .command('remove')
      .description("remove the root user's MFA device(s), e.g. when lost; the next root sign-in takes only the password"),
  )
    .option('--serial-number <arn>', 'only this device')
    .action(async (flags: CommonFlags & { serialNumber?: string }) => {
      const input = flags.serialNumber ? { SerialNumber: flags.serialNumber } : {};
      const r = await callAdmin<{ SerialNumbers: string[] }>('RemoveRootMFADevices', input, flags);
      print(r, flags, (x: { SerialNumbers: string[] }) =>
        x.SerialNumbers.length ? x.SerialNumbers.map((s) => `removed ${s}`).join('\n') : 'the root user has no MFA device',
      );
    });
}

/** Never from an argument: command lines are visible to every user of the machine. */
async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let data = '';
    for await (const chunk of stdin) data += String(chunk);
    return data.replace(/\r?\n$/, '');
  }
  process.stderr.write('Root console password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((resolveP, reject) => {
    let value = '';
    const onData = (s: string) => {
      for (const ch of s) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stderr.write('\n');
          return resolveP(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
