/** Drives the real `openssl` CLI from tests, in a throwaway directory. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface OpenSslResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export class OpenSslWorkdir {
  readonly dir = mkdtempSync(join(tmpdir(), 'hsmtrail-pki-'));

  /** Runs openssl; throws with its stderr unless `allowFailure`. */
  run(args: string[], opts: { allowFailure?: boolean } = {}): OpenSslResult {
    const r = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    if (r.error) throw r.error;
    if (r.status !== 0 && !opts.allowFailure) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`);
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  write(name: string, text: string): string {
    writeFileSync(join(this.dir, name), text);
    return name;
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), 'utf8');
  }

  /** A self-signed CA the way the user guide makes one: `openssl req -x509 -newkey rsa:2048 ...`. */
  createCa(name: string, opts: { days?: number; subject?: string; keyAlg?: string[] } = {}): void {
    const keyAlg = opts.keyAlg ?? ['-newkey', 'rsa:2048'];
    const days = String(opts.days ?? 3652);
    const subj = opts.subject ?? `/CN=${name}`;
    this.run(['req', '-x509', ...keyAlg, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', days, '-subj', subj]);
  }

  /** Self-signed certificate with exactly the given v3 extensions (via a minimal config). */
  createSelfSigned(name: string, extensions: string[]): void {
    const config = ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', `CN = ${name}`, '[ext]', ...extensions];
    this.write(`${name}.cnf`, config.join('\n') + '\n');
    const extArgs = extensions.length > 0 ? ['-extensions', 'ext'] : [];
    this.run([
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-days',
      '3652',
      '-config',
      `${name}.cnf`,
      ...extArgs,
    ]);
  }

  /** The user guide's signing step, optionally with an extension file (for intermediates). */
  sign(csr: string, ca: string, out: string, opts: { days?: number; extfile?: string } = {}): string {
    const ext = opts.extfile ? ['-extfile', opts.extfile] : [];
    this.run([
      'x509',
      '-req',
      '-days',
      String(opts.days ?? 3652),
      '-in',
      csr,
      '-CA',
      `${ca}.crt`,
      '-CAkey',
      `${ca}.key`,
      '-CAcreateserial',
      '-out',
      out,
      ...ext,
    ]);
    return this.read(out);
  }

  /** A fresh key and CSR that is not the cluster's. */
  createCsr(name: string): string {
    this.run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    return `${name}.csr`;
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
