/** SNS topics, their subscriptions and the per-region keys that sign notifications. Keyed by ARN. */

export interface SnsTopic {
  arn: string;
  accountId: string;
  region: string;
  name: string;
  /** The stored attributes as SNS spells them (Policy, DisplayName, DeliveryPolicy, SignatureVersion...). */
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdAt: Date;
}

export interface SnsListing {
  accountId: string;
  region: string;
  /** ARNs strictly after this one (pagination). */
  after?: string;
  limit: number;
}

export interface SnsTopicRepository {
  get(arn: string): Promise<SnsTopic | undefined>;
  /** Inserts a new topic; the caller has checked that none with this ARN exists. */
  create(topic: SnsTopic): Promise<void>;
  /** Topics of one account and region, ordered by ARN. */
  list(listing: SnsListing): Promise<SnsTopic[]>;
  setAttributes(arn: string, attributes: Record<string, string>): Promise<void>;
  setTags(arn: string, tags: Record<string, string>): Promise<void>;
  /** Removes the topic and its subscriptions. */
  delete(arn: string): Promise<void>;
}

export interface SnsSubscription {
  arn: string;
  topicArn: string;
  /** The subscriber's account (Owner). */
  accountId: string;
  region: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
  confirmed: boolean;
  /** The token a SubscriptionConfirmation carried (http/https), until ConfirmSubscription presents it. */
  confirmationToken?: string;
  createdAt: Date;
}

export interface SubscriptionCounts {
  confirmed: number;
  pending: number;
}

export interface SnsSubscriptionRepository {
  get(arn: string): Promise<SnsSubscription | undefined>;
  /** The subscription of `topicArn` to this protocol and endpoint, if any. */
  find(topicArn: string, protocol: string, endpoint: string): Promise<SnsSubscription | undefined>;
  create(subscription: SnsSubscription): Promise<void>;
  /** Subscriptions of one account and region, ordered by ARN. */
  list(listing: SnsListing): Promise<SnsSubscription[]>;
  /** Subscriptions of one topic, ordered by ARN. */
  listByTopic(topicArn: string, after: string | undefined, limit: number): Promise<SnsSubscription[]>;
  setAttributes(arn: string, attributes: Record<string, string>): Promise<void>;
  /** The subscription of `topicArn` awaiting this confirmation token. */
  byToken(topicArn: string, token: string): Promise<SnsSubscription | undefined>;
  /** Marks it confirmed and forgets its token. */
  confirm(arn: string): Promise<void>;
  /** True when the subscription existed. */
  delete(arn: string): Promise<boolean>;
  counts(topicArn: string): Promise<SubscriptionCounts>;
}

/** A region's notification-signing key: the private half sealed (SecretBox), the certificate public. */
export interface SnsSigningKey {
  region: string;
  /** Names the certificate in SigningCertURL. */
  id: string;
  certificatePem: string;
  privateKeySealed: string;
  createdAt: Date;
}

export interface SnsSigningKeyRepository {
  get(region: string): Promise<SnsSigningKey | undefined>;
  byId(id: string): Promise<SnsSigningKey | undefined>;
  /** Stores `key` unless the region has one already; answers the region's key either way. */
  install(key: SnsSigningKey): Promise<SnsSigningKey>;
}
