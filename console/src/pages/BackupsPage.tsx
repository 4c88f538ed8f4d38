import { Backups } from './Backups';

/** CloudHSM's Backups page: every backup in the region, whichever cluster it came from. */
export function BackupsPage() {
  return <Backups variant="awsui-h1-sticky" />;
}
