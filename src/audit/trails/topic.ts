import type { TrailRecord } from './trail.js';

/** The trail's SNS topic ARN: SnsTopicName is a name in the trail's home region and account, or an ARN. */
export function trailTopicArn(t: Pick<TrailRecord, 'snsTopicName' | 'homeRegion' | 'accountId'>): string | undefined {
  if (!t.snsTopicName) return undefined;
  return t.snsTopicName.startsWith('arn:') ? t.snsTopicName : `arn:aws:sns:${t.homeRegion}:${t.accountId}:${t.snsTopicName}`;
}

/** The topic's name, as GetTrail's (deprecated) SnsTopicName shows it. */
export const trailTopicName = (t: Pick<TrailRecord, 'snsTopicName'>) => t.snsTopicName?.split(':').at(-1);
