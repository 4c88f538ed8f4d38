/** EC2 as the gateway hosts it. */
import { model } from '../../protocol/generated/ec2.js';
import type { ServiceDefinition } from '../service.js';
import { Ec2Provider } from './provider.js';

/**
 * The service definition the gateway registers (read-only, so no write-side effects beyond default
 * VPCs). Its state is the store's network repository, reached through each call's transaction.
 */
export function ec2Service(): ServiceDefinition {
  const p = new Ec2Provider();
  return {
    id: 'ec2',
    protocol: 'ec2',
    eventSource: 'ec2.amazonaws.com',
    actionPrefix: 'ec2',
    // The first look at a region's network creates its default VPC (provider.ts, ensureRegion).
    writesOnRead: ['DescribeVpcs', 'DescribeSubnets', 'DescribeSecurityGroups', 'DescribeNetworkInterfaces'],
    model,
    operations: {
      DescribeVpcs: p.DescribeVpcs.bind(p),
      DescribeSubnets: p.DescribeSubnets.bind(p),
      DescribeSecurityGroups: p.DescribeSecurityGroups.bind(p),
      DescribeNetworkInterfaces: p.DescribeNetworkInterfaces.bind(p),
      DescribeAvailabilityZones: p.DescribeAvailabilityZones.bind(p),
      DescribeRegions: p.DescribeRegions.bind(p),
    },
  };
}
