/** The CloudTrail consumer of a region's default bus, a generic consumer cursor over the event sequence. */
export const CURSOR_PREFIX = 'eventbridge:default@';
export const cursorName = (region: string) => `${CURSOR_PREFIX}${region}`;
