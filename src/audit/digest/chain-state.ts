import type { DigestLink } from './digest-file.js';

/** Where a (trail, region) digest chain stands: the open period's start and the last digest, if any. */
export interface ChainState {
  region: string;
  periodStart: number;
  previous: DigestLink | null;
}
