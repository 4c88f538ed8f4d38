/**
 * Regions and Availability Zones of the emulated network. Zone names follow AWS (REGION + letter);
 * zone ids follow AWS's short form (use1-az1). us-east-1 has six zones, other regions three.
 */
export const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
] as const;

export interface Zone {
  name: string;
  zoneId: string;
  region: string;
}

const DIRECTIONS: Record<string, string> = { north: 'n', south: 's', east: 'e', west: 'w', central: 'c' };

/** us-east-1 → use1, ap-northeast-2 → apne2, eu-central-1 → euc1. */
export function regionShortName(region: string): string {
  const [geo, where = '', num = ''] = region.split('-');
  let short = '';
  let rest = where;
  while (rest.length > 0) {
    const word = Object.keys(DIRECTIONS).find((d) => rest.startsWith(d));
    if (!word) return region;
    short += DIRECTIONS[word];
    rest = rest.slice(word.length);
  }
  return `${geo}${short}${num}`;
}

export function zonesOf(region: string): Zone[] {
  const count = region === 'us-east-1' ? 6 : 3;
  return Array.from({ length: count }, (_, i) => ({
    name: `${region}${String.fromCharCode(97 + i)}`,
    zoneId: `${regionShortName(region)}-az${i + 1}`,
    region,
  }));
}

export const isKnownRegion = (region: string): boolean => /^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(region);
