/**
 * The three timestamp shapes CloudTrail delivery uses: JSON times without millis,
 * the log-file key's minute stamp, and the digest key's fixed-width 16-character second stamp
 * (validate-logs slices it out of the key by offset, so the width is load-bearing).
 */

/** `2026-11-23T22:52:56Z` — eventTime, digestStartTime/digestEndTime. */
export function isoSeconds(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20261123T2252Z` — log-file key stamp (delivery time, minute precision). */
export function minuteStamp(time: Date): string {
  return isoSeconds(time).replace(/[-:]/g, '').slice(0, 13) + 'Z';
}

/** `20261123T225256Z` — digest key stamp (digestEndTime, second precision). */
export function secondStamp(time: Date): string {
  return isoSeconds(time).replace(/[-:]/g, '');
}

/** `2026/11/23` — the UTC date folder. */
export function dateFolder(time: Date): string {
  return isoSeconds(time).slice(0, 10).replace(/-/g, '/');
}

/** Parses a `YYYYMMDDTHHMMSSZ` stamp; NaN date when malformed. */
export function parseSecondStamp(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) return new Date(Number.NaN);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

/** Drops sub-second precision: CloudTrail's delivery times never carry millis. */
export function floorToSecond(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 1000) * 1000);
}
