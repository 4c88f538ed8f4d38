import type { MessageAttributeValue } from '../../protocol/generated/sqs.js';
import type { SqsMessage } from '../ports/sqs.js';

/** The rows both engines keep for this aggregate, and how they map to domain values (engine-neutral). */
export interface MessageRow {
  message_id: string;
  queue_arn: string;
  body: string;
  md5_body: string;
  attributes: string | null;
  md5_attributes: string | null;
  sender_id: string;
  sent_at: number;
  visible_at: number;
  receive_count: number;
  first_received_at: number | null;
  receipt_handle: string | null;
  dead_letter_source_arn: string | null;
}

/** Binary attribute values are stored base64 inside the JSON column. */
export type StoredAttribute = Omit<MessageAttributeValue, 'BinaryValue' | 'BinaryListValues'> & {
  BinaryValue?: string;
  BinaryListValues?: string[];
};

export function encodeAttributes(attrs: Record<string, MessageAttributeValue> | undefined): string | null {
  if (!attrs) return null;
  const out: Record<string, StoredAttribute> = {};
  for (const [k, v] of Object.entries(attrs)) {
    out[k] = {
      ...v,
      BinaryValue: v.BinaryValue && Buffer.from(v.BinaryValue).toString('base64'),
      BinaryListValues: v.BinaryListValues?.map((b) => Buffer.from(b).toString('base64')),
    };
  }
  return JSON.stringify(out);
}

export function decodeAttributes(text: string | null): Record<string, MessageAttributeValue> | undefined {
  if (text === null) return undefined;
  const out: Record<string, MessageAttributeValue> = {};
  for (const [k, v] of Object.entries(JSON.parse(text) as Record<string, StoredAttribute>)) {
    out[k] = {
      ...v,
      BinaryValue: v.BinaryValue === undefined ? undefined : Buffer.from(v.BinaryValue, 'base64'),
      BinaryListValues: v.BinaryListValues?.map((b) => Buffer.from(b, 'base64')),
    };
  }
  return out;
}

export function toMessage(r: MessageRow): SqsMessage {
  return {
    messageId: r.message_id,
    queueArn: r.queue_arn,
    body: r.body,
    md5OfBody: r.md5_body,
    messageAttributes: decodeAttributes(r.attributes),
    md5OfMessageAttributes: r.md5_attributes ?? undefined,
    senderId: r.sender_id,
    sentAt: new Date(r.sent_at),
    visibleAt: new Date(r.visible_at),
    receiveCount: r.receive_count,
    firstReceivedAt: r.first_received_at === null ? undefined : new Date(r.first_received_at),
    receiptHandle: r.receipt_handle ?? undefined,
    deadLetterSourceArn: r.dead_letter_source_arn ?? undefined,
  };
}
