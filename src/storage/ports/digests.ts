import type { ChainState } from '../../audit/digest/chain-state.js';

/** Digest chain state: per trail and source region, the open period and the last digest. */
export interface DigestChainRepository {
  /** By region. */
  chains(trailArn: string): Promise<Map<string, ChainState>>;
  save(trailArn: string, chain: ChainState): Promise<void>;
  /** Ends every chain of the trail. */
  drop(trailArn: string): Promise<void>;
}
