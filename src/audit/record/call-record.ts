import type { Principal } from '../../identity/principal.js';
import type { CallWire, ServiceDefinition } from '../../services/service.js';

/** What the recorder needs of the service that answered: how it names and classifies its calls. */
export type AuditedService = Pick<ServiceDefinition, 'eventSource' | 'globalRegion' | 'model' | 'audit'>;

/**
 * One finished call as the recorder sees it: plain facts the gateway gathered (gateway/call-record.ts),
 * no HTTP objects. What is recorded is built from this and nothing else.
 */
export interface CallRecord {
  requestId: string;
  /** Where from (CloudTrail's sourceIPAddress) and with what client. */
  sourceIp: string;
  userAgent: string;
  /** The connection's TLS facts, for tlsDetails. */
  tls?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader: string };

  /** The hosted service that was called; absent when none was identified. */
  service?: AuditedService;
  /** The operation the wire named (X-Amz-Target suffix, Action parameter) when none was parsed. */
  wireOperation?: string;
  /** The signing service of the credential scope: the event source's best evidence without a service. */
  scopeService?: string;
  region?: string;

  /** Who: the verified principal, or what a call that failed authentication claimed. */
  principal?: Principal;
  claimedAccessKeyId?: string;
  /** The account owning the claimed access key, when it exists (set by authentication). */
  claimedAccountId?: string;

  operation?: string;
  input?: Record<string, unknown>;
  output?: unknown;
  error?: { code: string; message: string };
  /** The HTTP facts some records carry (S3's Host, additionalEventData). */
  wire: CallWire;
  /** Calls hsmtrail makes itself (trail delivery) are never recorded. */
  internal: boolean;
}
