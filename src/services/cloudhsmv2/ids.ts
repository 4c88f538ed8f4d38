import { randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** CloudHSM ids: prefix + 11 lowercase RFC 4648 base32 characters (cluster-igklspoyj5v). */
export function cloudHsmId(prefix: 'cluster' | 'hsm' | 'backup'): string {
  return `${prefix}-${[...randomBytes(11)].map((b) => BASE32[b & 31]).join('')}`;
}

export const clusterArn = (region: string, account: string, id: string) => `arn:aws:cloudhsm:${region}:${account}:cluster/${id}`;
export const backupArn = (region: string, account: string, id: string) => `arn:aws:cloudhsm:${region}:${account}:backup/${id}`;

export interface ParsedArn {
  region: string;
  accountId: string;
  type: 'cluster' | 'backup' | 'hsm';
  id: string;
}

const ARN = /^arn:aws(?:-us-gov)?:cloudhsm:([a-z0-9-]+):(\d{12}):(cluster|backup|hsm)\/((?:cluster|backup|hsm)-[2-7a-zA-Z]{11,16})$/;

export function parseCloudHsmArn(arn: string): ParsedArn | undefined {
  const m = ARN.exec(arn);
  if (!m || !m[4]!.startsWith(`${m[3]}-`)) return undefined;
  return { region: m[1]!, accountId: m[2]!, type: m[3] as ParsedArn['type'], id: m[4]! };
}

/** CreateCluster's SourceBackupId: a bare id (caller's account and region) or a full backup ARN. */
export function parseBackupRef(ref: string, call: { region: string; accountId: string }): ParsedArn | undefined {
  if (!ref.startsWith('arn:'))
    return /^backup-[2-7a-zA-Z]{11,16}$/.test(ref)
      ? { region: call.region, accountId: call.accountId, type: 'backup', id: ref }
      : undefined;
  const arn = parseCloudHsmArn(ref);
  return arn?.type === 'backup' ? arn : undefined;
}
