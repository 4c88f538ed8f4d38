/**
 * Token buckets kept in the store, so every node serving one store shares one budget per key.
 * Takes happen in the caller's write transaction.
 */
export interface ThrottleRepository {
  /**
   * Takes one token from `key`'s bucket (created full, holding `burst`), after refilling it at
   * `ratePerSecond` since its last take. Resolves to false, taking nothing, when less than one is left.
   */
  take(key: string, now: Date, ratePerSecond: number, burst: number): Promise<boolean>;
}
