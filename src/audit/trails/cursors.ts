/**
 * The consumer-cursor names a trail's delivery uses: how far it has scanned the event log, and per
 * source region how far its events are stored in the bucket (a region's cursor only moves once the
 * file holding its events is stored).
 */
export const trailCursors = {
  scan: (trailArn: string) => `trail:${trailArn}`,
  regionPrefix: (trailArn: string) => `trail:${trailArn}@`,
  region: (trailArn: string, region: string) => `trail:${trailArn}@${region}`,
};
