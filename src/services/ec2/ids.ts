import { randomBytes } from 'node:crypto';

/** EC2's long resource ids: prefix + 17 lowercase hex digits (vpc-0a1b2c3d4e5f67890). */
export function ec2Id(prefix: 'vpc' | 'subnet' | 'sg' | 'eni' | 'dopt' | 'acl' | 'rtb'): string {
  return `${prefix}-${randomBytes(9).toString('hex').slice(0, 17)}`;
}

/** A locally administered unicast MAC, as ENIs carry. */
export function macAddress(): string {
  const b = randomBytes(6);
  b[0] = (b[0]! & 0xfc) | 0x02;
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}
