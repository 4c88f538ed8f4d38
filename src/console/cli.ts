import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { callAdmin } from '../cli/admin-client.js';
import { print, remote, type CommonFlags } from '../cli/commands/admin.js';
import { setRootPassword } from './root-password.js';

/** IAM's default password policy floor: 8 characters (IAM User Guide, "Setting an account password policy for IAM users"). */
const MIN_LENGTH = 8;

export function registerConsole(program: Command): void {
  const cmd = program.command('console').description('web console administration');
  cmd
    .command('set-root-password')
    .description("set the root user's console password (read from stdin, or prompted for on a terminal)")
    .option('--data-dir <dir>', 'the server data directory (HSMTRAIL_DATA_DIR, default .hsmtrail)')
    .action(async (flags: { dataDir?: string }) => {
      const dataDir = resolve(flags.dataDir ?? process.env.HSMTRAIL_DATA_DIR ?? '.hsmtrail');
      if (!existsSync(join(dataDir, 'account.json')))
        throw new Error(`${dataDir} holds no account: start the server once with this --data-dir first`);
      const password = await readPassword();
      if (password.length < MIN_LENGTH) throw new Error(`the password must be at least ${MIN_LENGTH} characters`);
      if (password.length > 128) throw new Error('the password must be at most 128 characters');
      setRootPassword(dataDir, password);
      process.stdout.write(`Root console password set (scrypt hash in ${join(dataDir, 'console-root-password')}, mode 0600).\n`);
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
