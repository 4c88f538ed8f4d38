import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server.js';
import { awsJson, hasTool, run } from '../support/tools.js';
import { stepAt, totp } from '../../src/identity/mfa/totp.js';

let server: RunningServer;
const dir = mkdtempSync(join(tmpdir(), 'hsmtrail-mfa-cli-'));

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!hasTool('aws'))('virtual MFA devices with the AWS CLI', () => {
  it('create-virtual-mfa-device --outfile --bootstrap-method writes the seed and the QR code; enable-mfa-device takes two codes', async () => {
    const root = server.awsEnv();
    await awsJson(root, ['iam', 'create-user', '--user-name', 'erin']);
    const seedFile = join(dir, 'seed.txt');
    const created = await awsJson(root, [
      'iam',
      'create-virtual-mfa-device',
      '--virtual-mfa-device-name',
      'erin',
      '--outfile',
      seedFile,
      '--bootstrap-method',
      'Base32StringSeed',
    ]);
    const serial = created.VirtualMFADevice.SerialNumber;
    expect(serial).toBe(`arn:aws:iam::${server.accountId}:mfa/erin`);
    const seed = readFileSync(seedFile, 'ascii');
    expect(seed).toMatch(/^[A-Z2-7]{64}$/);

    const pngFile = join(dir, 'qr.png');
    await awsJson(root, [
      'iam',
      'create-virtual-mfa-device',
      '--virtual-mfa-device-name',
      'erin-spare',
      '--outfile',
      pngFile,
      '--bootstrap-method',
      'QRCodePNG',
    ]);
    expect(readFileSync(pngFile).subarray(1, 4).toString('ascii')).toBe('PNG');

    const wrong = await run(
      'aws',
      [
        'iam',
        'enable-mfa-device',
        '--user-name',
        'erin',
        '--serial-number',
        serial,
        '--authentication-code1',
        '111111',
        '--authentication-code2',
        '222222',
      ],
      root,
    );
    expect(wrong.stderr).toContain(
      '(InvalidAuthenticationCode) when calling the EnableMFADevice operation: Authentication code for device is not valid.',
    );
    const s = stepAt(new Date());
    const args = ['--authentication-code1', totp(seed, s - 1), '--authentication-code2', totp(seed, s)];
    await awsJson(root, ['iam', 'enable-mfa-device', '--user-name', 'erin', '--serial-number', serial, ...args]);
    const listed = await awsJson(root, ['iam', 'list-mfa-devices', '--user-name', 'erin']);
    expect(listed.MFADevices).toEqual([{ UserName: 'erin', SerialNumber: serial, EnableDate: expect.any(String) }]);
    const unassigned = await awsJson(root, ['iam', 'list-virtual-mfa-devices', '--assignment-status', 'Unassigned']);
    expect(unassigned.VirtualMFADevices.map((d: { SerialNumber: string }) => d.SerialNumber)).toEqual([`${serial}-spare`]);
  });
});
