import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const MASTER_KEY_FILE = 'master.key';

/**
 * AES-256-GCM for secrets that must stay recoverable (SigV4 is an HMAC keyed by the secret), so the
 * database alone never yields a usable key. Format: `v1:` + base64(iv ‖ tag ‖ ciphertext).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Loads `<dataDir>/master.key` (32 random bytes, mode 0600), creating it on first use. */
  static forDataDir(dataDir: string): SecretBox {
    const file = join(dataDir, MASTER_KEY_FILE);
    if (!existsSync(file)) {
      writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
    }
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
    return new SecretBox(key);
  }

  /** A throwaway key for in-memory stores (tests, benches). */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return 'v1:' + Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
