import type { Protocol } from '../protocol/http.js';
import type { Principal } from './principal.js';

/** What the policy evaluator needs to know of a call: plain values, no HTTP, no gateway context. */
export interface AuthorizationCall {
  principal: Principal;
  /** The protocol the access-denied error is written in. */
  protocol?: Protocol;
  /** The IAM action prefix of the called service (`iam`, `sts`, `cloudhsm`...). */
  service?: string;
  operation?: string;
  /** aws:RequestedRegion. */
  region: string;
  sourceIp: string;
  secureTransport: boolean;
  /** When the request was received: aws:CurrentTime, aws:EpochTime, last-used dates. */
  time: Date;
}
