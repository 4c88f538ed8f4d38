/**
 * Named consumers' positions in the event sequence (trail delivery, notifications, queries): the
 * highest `seq` a consumer is done with. Positions only move forward.
 */
export interface ConsumerCursorRepository {
  get(name: string): Promise<number | undefined>;
  /** Sets the position to `seq` unless it is already at or past it. */
  advance(name: string, seq: number): Promise<void>;
  /** Every consumer whose name starts with `prefix`, by name. */
  list(prefix: string): Promise<Map<string, number>>;
  delete(name: string): Promise<void>;
}
