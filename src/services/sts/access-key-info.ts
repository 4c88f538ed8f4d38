import type { IamAccount } from '../../identity/account.js';
import type { Tx } from '../../storage/ports.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The account a key id belongs to. Keys this server knows are its account's. Others are decoded the
 * way AWS encodes accounts into key ids since 2019 (characters 5–12, base32), as GetAccessKeyInfo
 * answers for any well-formed key without revealing whether it exists.
 */
export async function accountOfAccessKey(tx: Tx, account: IamAccount, accessKeyId: string): Promise<string> {
  if (account.isRootKey(accessKeyId) || (await tx.iamKeys.findKey(accessKeyId)) || (await tx.iamKeys.findSession(accessKeyId))) {
    return account.accountId;
  }
  let bits = 0n;
  for (const ch of accessKeyId.slice(4, 14).toUpperCase()) bits = (bits << 5n) | BigInt(Math.max(0, BASE32.indexOf(ch)));
  // 10 chars = 50 bits; AWS's encoding keeps the account in bits 7..46 of the first 48.
  const first48 = bits >> 2n;
  const encoded = (first48 & 0x7fffffffff80n) >> 7n;
  return encoded.toString().padStart(12, '0');
}
