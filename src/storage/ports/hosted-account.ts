/**
 * The account the store belongs to, as the first node that opened it claimed it. Every node that
 * opens the store must host the same account with the same root key, or it would answer for another
 * account or fail to open the secrets the others sealed; the root secret is kept sealed (SecretBox),
 * so a node whose master key can open it shares the others' master key.
 */
export interface HostedAccount {
  accountId: string;
  rootAccessKeyId: string;
  /** The root secret access key, sealed with the nodes' master key. */
  sealedRootSecret: string;
  createdAt: Date;
}

export interface HostedAccountRepository {
  get(): Promise<HostedAccount | undefined>;
  /** Records `account` unless one is recorded already; resolves to the one recorded. */
  claim(account: HostedAccount): Promise<HostedAccount>;
}
