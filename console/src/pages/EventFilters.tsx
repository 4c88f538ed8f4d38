import Checkbox from '@cloudscape-design/components/checkbox';
import ExpandableSection from '@cloudscape-design/components/expandable-section';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';

/** hsmtrail's SearchEvents filter members beyond LookupEvents' one attribute (all that are set must match). */
export interface CombinedFilter {
  SourceIp: string;
  ErrorsOnly: boolean;
  ErrorCode: string;
  Users: string;
  EventName: string;
  EventSource: string;
  Region: string;
}

export const NO_FILTER: CombinedFilter = {
  SourceIp: '',
  ErrorsOnly: false,
  ErrorCode: '',
  Users: '',
  EventName: '',
  EventSource: '',
  Region: '',
};

export function isCombined(f: CombinedFilter): boolean {
  return f.ErrorsOnly || Object.entries(f).some(([k, v]) => k !== 'ErrorsOnly' && typeof v === 'string' && v.trim() !== '');
}

/** The set members as SearchEvents input: Users is a list (comma-separated on the page). */
export function searchInput(f: CombinedFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['SourceIp', 'ErrorCode', 'EventName', 'EventSource', 'Region'] as const) if (f[k].trim()) out[k] = f[k].trim();
  const users = f.Users.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  if (users.length) out['Users'] = users;
  if (f.ErrorsOnly) out['ErrorsOnly'] = true;
  return out;
}

const TEXT: { key: Exclude<keyof CombinedFilter, 'ErrorsOnly'>; label: string; description: string }[] = [
  { key: 'SourceIp', label: 'Source IP address or CIDR', description: 'For example 203.0.113.0/24' },
  { key: 'ErrorCode', label: 'Error code', description: 'For example AccessDenied' },
  { key: 'Users', label: 'User names', description: 'Comma-separated; any of them' },
  { key: 'EventName', label: 'Event name', description: '* matches any characters' },
  { key: 'EventSource', label: 'Event source', description: 'For example cloudhsm.amazonaws.com' },
  { key: 'Region', label: 'AWS region', description: 'For example us-east-1' },
];

/** The combined filters; when any is set the page searches with SearchEvents instead of LookupEvents. */
export function EventFilters({
  value,
  onChange,
  onEnter,
}: {
  value: CombinedFilter;
  onChange: (f: CombinedFilter) => void;
  onEnter: () => void;
}) {
  return (
    <ExpandableSection headerText="Combined filters (SearchEvents)" defaultExpanded={isCombined(value)} data-testid="combined-filters">
      <SpaceBetween direction="horizontal" size="xs" alignItems="end">
        {TEXT.map(({ key, label, description }) => (
          <FormField key={key} label={label} description={description}>
            <Input
              value={value[key]}
              onChange={({ detail }) => onChange({ ...value, [key]: detail.value })}
              onKeyDown={({ detail }) => detail.key === 'Enter' && onEnter()}
              data-testid={`filter-${key}`}
            />
          </FormField>
        ))}
        <Checkbox
          checked={value.ErrorsOnly}
          onChange={({ detail }) => onChange({ ...value, ErrorsOnly: detail.checked })}
          data-testid="filter-ErrorsOnly"
        >
          Errors only
        </Checkbox>
      </SpaceBetween>
    </ExpandableSection>
  );
}
