/**
 * The JSON notification SNS delivers to non-raw subscriptions, and the string its signature covers: for a
 * Notification, Message, MessageId, Subject (when present), Timestamp, TopicArn and Type, each as
 * `key\nvalue\n` (SNS Developer Guide, "Verifying the signatures of Amazon SNS messages").
 */
import type { MessageAttributeValue } from '../../protocol/generated/sns.js';

export interface Notification {
  Type: 'Notification';
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: '1' | '2';
  Signature: string;
  SigningCertURL: string;
  UnsubscribeURL: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

const NOTIFICATION_KEYS = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
const CONFIRMATION_KEYS = ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];

/** The signed string: for SubscriptionConfirmation, Message, MessageId, SubscribeURL, Timestamp, Token, TopicArn, Type. */
export function stringToSign(n: { Type: string } & Record<string, string | undefined>): string {
  let out = '';
  for (const key of n.Type === 'Notification' ? NOTIFICATION_KEYS : CONFIRMATION_KEYS) {
    const value = n[key];
    if (value !== undefined) out += `${key}\n${value}\n`;
  }
  return out;
}

/** Attributes as the envelope shows them: `{Type, Value}`, binary values in base64. */
export function envelopeAttributes(
  attrs: Record<string, MessageAttributeValue> | undefined,
): Record<string, { Type: string; Value: string }> | undefined {
  if (!attrs || Object.keys(attrs).length === 0) return undefined;
  return Object.fromEntries(
    Object.entries(attrs).map(([name, v]) => [
      name,
      { Type: v.DataType, Value: v.BinaryValue !== undefined ? Buffer.from(v.BinaryValue).toString('base64') : (v.StringValue ?? '') },
    ]),
  );
}
