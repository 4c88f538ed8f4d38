import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ButtonDropdown from '@cloudscape-design/components/button-dropdown';
import DateRangePicker, { type DateRangePickerProps } from '@cloudscape-design/components/date-range-picker';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Pagination from '@cloudscape-design/components/pagination';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { formatTime } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { EventFilters, isCombined, NO_FILTER, searchInput, type CombinedFilter } from './EventFilters';
import { useTokenPages } from './useTokenPages';

interface TrailEvent {
  EventId: string;
  EventName?: string;
  EventTime?: string;
  EventSource?: string;
  Username?: string;
  AccessKeyId?: string;
  Resources?: { ResourceType?: string; ResourceName?: string }[];
  CloudTrailEvent?: string;
  /** CloudTrailEvent parsed once, when the page arrives. */
  record?: Record<string, unknown>;
}

/** LookupEvents' eight lookup attributes (CloudTrail API Reference, "LookupAttribute"). */
const ATTRIBUTES: SelectProps.Option[] = [
  'EventName',
  'Username',
  'EventSource',
  'ResourceType',
  'ResourceName',
  'AccessKeyId',
  'EventId',
  'ReadOnly',
].map((a) => ({ value: a, label: a }));
const ALL: SelectProps.Option = { value: '', label: 'No attribute filter' };
const PAGE = 50;

const RELATIVE: DateRangePickerProps.RelativeOption[] = [
  { key: 'previous-1-hour', amount: 1, unit: 'hour', type: 'relative' },
  { key: 'previous-1-day', amount: 1, unit: 'day', type: 'relative' },
  { key: 'previous-7-days', amount: 7, unit: 'day', type: 'relative' },
  { key: 'previous-90-days', amount: 90, unit: 'day', type: 'relative' },
];
const UNIT_MS: Record<string, number> = { second: 1e3, minute: 6e4, hour: 36e5, day: 864e5, week: 6048e5, month: 2592e6, year: 31536e6 };

function timeRange(v: DateRangePickerProps.Value | null): { StartTime?: string; EndTime?: string } {
  if (!v) return {};
  if (v.type === 'relative') return { StartTime: new Date(Date.now() - v.amount * (UNIT_MS[v.unit] ?? 0)).toISOString() };
  return { StartTime: new Date(v.startDate).toISOString(), EndTime: new Date(v.endDate).toISOString() };
}

function parsed(e: TrailEvent): Record<string, unknown> {
  try {
    return JSON.parse(e.CloudTrailEvent ?? '{}');
  } catch {
    return {};
  }
}

const CSV_COLUMNS: [string, (e: TrailEvent) => unknown][] = [
  ['Event ID', (e) => e.EventId],
  ['Event time', (e) => e.record?.eventTime],
  ['User name', (e) => e.Username],
  ['Event name', (e) => e.EventName],
  ['Resource type', (e) => e.Resources?.map((r) => r.ResourceType).join(' ')],
  ['Resource name', (e) => e.Resources?.map((r) => r.ResourceName).join(' ')],
  ['AWS access key', (e) => e.AccessKeyId],
  ['Event source', (e) => e.EventSource],
  ['AWS region', (e) => e.record?.awsRegion],
  ['Error code', (e) => e.record?.errorCode],
  ['Source IP address', (e) => e.record?.sourceIPAddress],
  ['Read-only', (e) => e.record?.readOnly],
];

/** A lookup attribute as a SearchEvents member, when it is combined with the other filters. */
const AS_SEARCH: Record<string, (v: string) => Record<string, unknown>> = {
  EventName: (v) => ({ EventName: v }),
  Username: (v) => ({ Users: [v] }),
  EventSource: (v) => ({ EventSource: v }),
  ResourceName: (v) => ({ Resource: v }),
  AccessKeyId: (v) => ({ AccessKeyId: v }),
  ReadOnly: (v) => ({ ReadOnly: v.toLowerCase() === 'true' }),
};

/** A SearchEvents record in LookupEvents' shape, so both fill the same table and downloads. */
function fromRecord(seq: number, text: string): TrailEvent & { seq: number } {
  const r = JSON.parse(text) as Record<string, any>;
  const who = r.userIdentity ?? {};
  return {
    seq,
    EventId: r.eventID,
    EventName: r.eventName,
    EventTime: r.eventTime,
    EventSource: r.eventSource,
    Username: who.userName ?? who.sessionContext?.sessionIssuer?.userName ?? (who.type === 'Root' ? 'root' : undefined),
    AccessKeyId: who.accessKeyId,
    Resources: (r.resources ?? []).map((x: { type?: string; ARN?: string }) => ({ ResourceType: x.type, ResourceName: x.ARN })),
    CloudTrailEvent: text,
    record: r,
  };
}

type Query = Record<string, unknown> & { search?: Record<string, unknown> };

/** One page: LookupEvents (NextToken), or SearchEvents newest first (the next page is through the oldest seq shown, minus one). */
async function fetchPage(query: Query, token: string | undefined): Promise<{ events: TrailEvent[]; next?: string }> {
  const { search, _n, ...lookup } = query;
  if (search) {
    const r = await aws<{ Events?: { Seq: number; Record: string }[] }>('hsmtrail', 'SearchEvents', {
      ...search,
      Limit: PAGE,
      Order: 'newest',
      ...(token ? { ThroughSeq: Number(token) } : {}),
    });
    const events = (r.Events ?? []).map((e) => fromRecord(e.Seq, e.Record));
    const oldest = Math.min(...events.map((e) => e.seq));
    return { events, next: events.length === PAGE && oldest > 1 ? String(oldest - 1) : undefined };
  }
  const r = await aws<{ Events?: TrailEvent[]; NextToken?: string }>('cloudtrail', 'LookupEvents', {
    ...lookup,
    MaxResults: PAGE,
    NextToken: token,
  });
  return { events: (r.Events ?? []).map((e) => ({ ...e, record: parsed(e) })), next: r.NextToken };
}

/** RFC 4180 quoting: every field quoted, quotes doubled. */
const csvField = (v: unknown) => `"${v === undefined || v === null ? '' : String(v).replace(/"/g, '""')}"`;

/** The page's records as a CloudTrail log file body ({"Records": [...]}) or as CSV, one row per event. */
function download(events: TrailEvent[], format: 'json' | 'csv'): void {
  const body =
    format === 'json'
      ? JSON.stringify({ Records: events.map((e) => e.record) }, null, 2)
      : [CSV_COLUMNS.map(([h]) => csvField(h)), ...events.map((e) => CSV_COLUMNS.map(([, f]) => csvField(f(e))))]
          .map((r) => r.join(','))
          .join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob([body], { type: format === 'json' ? 'application/json' : 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `event-history-${new Date().toISOString().replace(/[:.]/g, '-')}.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * CloudTrail event history: one lookup attribute and a time range (as LookupEvents allows), or, with any
 * combined filter set, hsmtrail's SearchEvents (several members at once, source CIDR, errors only); each record's full JSON.
 */
export function EventHistory() {
  const [attr, setAttr] = useState<SelectProps.Option>(ALL);
  const [value, setValue] = useState('');
  const [range, setRange] = useState<DateRangePickerProps.Value | null>(null);
  const [combined, setCombined] = useState<CombinedFilter>(NO_FILTER);
  const [query, setQuery] = useState<Query>({});
  const [refused, setRefused] = useState<Error>();
  const [open, setOpen] = useState<TrailEvent>();
  const pages = useTokenPages(
    async (token) => {
      const r = await fetchPage(query, token);
      return { items: r.events, next: r.next };
    },
    [query],
  );
  const events = pages.items;

  const search = () => {
    const LookupAttributes = attr.value && value.trim() ? [{ AttributeKey: attr.value, AttributeValue: value.trim() }] : undefined;
    const time = timeRange(range);
    setRefused(undefined);
    if (isCombined(combined)) {
      const asSearch = LookupAttributes ? AS_SEARCH[attr.value!] : undefined;
      if (LookupAttributes && !asSearch) {
        setRefused(new Error(`${attr.value} cannot be combined with the other filters; use it alone.`));
        return;
      }
      const member = asSearch ? asSearch(value.trim()) : {};
      setQuery({ search: { ...searchInput(combined), ...member, Since: time.StartTime, Until: time.EndTime }, _n: Date.now() });
      return;
    }
    setQuery({ ...(LookupAttributes ? { LookupAttributes } : {}), ...time, _n: Date.now() });
  };

  return (
    <SpaceBetween size="l">
      <ErrorAlert error={refused ?? pages.error} />
      <Table
        variant="full-page"
        items={events}
        loading={pages.loading}
        loadingText="Loading events"
        trackBy="EventId"
        header={
          <Header
            variant="awsui-h1-sticky"
            description={
              query.search ? 'Events matching every filter, from SearchEvents' : 'Management events of the last 90 days, from LookupEvents'
            }
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={search} />
                <ButtonDropdown
                  disabled={!events.length}
                  items={[
                    { id: 'json', text: 'Download page as JSON' },
                    { id: 'csv', text: 'Download page as CSV' },
                  ]}
                  onItemClick={({ detail }) => download(events, detail.id as 'json' | 'csv')}
                  data-testid="download-events"
                >
                  Download events
                </ButtonDropdown>
              </SpaceBetween>
            }
          >
            Event history
          </Header>
        }
        filter={
          <SpaceBetween size="s">
            <SpaceBetween direction="horizontal" size="xs" alignItems="end">
              <FormField label="Lookup attribute">
                <div data-testid="lookup-attribute">
                  <Select selectedOption={attr} options={[ALL, ...ATTRIBUTES]} onChange={({ detail }) => setAttr(detail.selectedOption)} />
                </div>
              </FormField>
              <FormField label="Value">
                <Input
                  value={value}
                  disabled={!attr.value}
                  onChange={({ detail }) => setValue(detail.value)}
                  onKeyDown={({ detail }) => detail.key === 'Enter' && search()}
                  data-testid="lookup-value"
                />
              </FormField>
              <FormField label="Time range">
                <DateRangePicker
                  value={range}
                  onChange={({ detail }) => setRange(detail.value)}
                  relativeOptions={RELATIVE}
                  isValidRange={(r) =>
                    r?.type === 'absolute' && (!r.startDate || !r.endDate)
                      ? { valid: false, errorMessage: 'Choose a start and an end.' }
                      : { valid: true }
                  }
                  placeholder="Any time (last 90 days)"
                  rangeSelectorMode="default"
                />
              </FormField>
              <Button variant="primary" onClick={search} data-testid="lookup-search">
                Search
              </Button>
            </SpaceBetween>
            <EventFilters value={combined} onChange={setCombined} onEnter={search} />
          </SpaceBetween>
        }
        pagination={<Pagination {...pages.pagination} />}
        empty={<Box textAlign="center">No events match</Box>}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Event name',
            cell: (e) => (
              <Link onFollow={() => setOpen(e)} data-testid="event-link">
                {e.EventName}
              </Link>
            ),
          },
          { id: 'time', header: 'Event time', cell: (e) => formatTime(e.EventTime) },
          { id: 'user', header: 'User name', cell: (e) => e.Username ?? '-' },
          { id: 'source', header: 'Event source', cell: (e) => e.EventSource },
          { id: 'resource', header: 'Resource name', cell: (e) => e.Resources?.map((r) => r.ResourceName).join(', ') || '-' },
          { id: 'error', header: 'Error code', cell: (e) => String(e.record?.errorCode ?? '-') },
          { id: 'ip', header: 'Source IP address', cell: (e) => String(e.record?.sourceIPAddress ?? '-') },
        ]}
      />
      <Modal visible={!!open} onDismiss={() => setOpen(undefined)} header={`${open?.EventName ?? ''} ${open?.EventId ?? ''}`} size="large">
        <Box variant="code">
          <pre style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', margin: 0 }} data-testid="event-record">
            {open ? JSON.stringify(open.record, null, 2) : ''}
          </pre>
        </Box>
      </Modal>
    </SpaceBetween>
  );
}
