import type { Command } from 'commander';
import { callAdmin } from '../cli/admin-client.js';
import { print, remote, type CommonFlags } from '../cli/commands/admin.js';

export function registerConsole(program: Command): void {
  const cmd = program.command('console').description('web console administration');
  remote(
    cmd
      .command('set-root-password')
      .description(
        "set the root user's console password (read from stdin, or prompted for on a terminal; 8 to 128 characters). " +
          'It calls the running server (any node of a PostgreSQL deployment) as admin operation hsmtrail:SetRootPassword, ' +
          'signed with your AWS credentials, authorized by IAM and recorded (without the password); there is no offline ' +
          'mode, since a change made beside the server would be neither authorized nor recorded. Use an https endpoint ' +
          'unless the server is on this machine: the password travels in the request.',
      ),
  ).action(async (flags: CommonFlags) => {
    const password = await readPassword();
    await callAdmin('SetRootPassword', { Password: password }, flags);
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
