import { useMemo, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import PropertyFilter, { type PropertyFilterProps } from '@cloudscape-design/components/property-filter';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { follow, navigate } from '../router';
import { stateType } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { useTokenPages } from './useTokenPages';
import { CLUSTER_STATES, type Cluster } from './types';

/** DescribeClusters' largest MaxResults (ClustersMaxSize): one call per page shown. */
const PAGE_SIZE = 25;

/** The properties DescribeClusters can filter on server-side (its Filters keys); nothing is filtered in the page. */
const PROPERTIES: PropertyFilterProps.FilteringProperty[] = [
  { key: 'clusterIds', propertyLabel: 'Cluster ID', groupValuesLabel: 'Cluster IDs', operators: ['='] },
  { key: 'states', propertyLabel: 'State', groupValuesLabel: 'States', operators: [{ operator: '=', tokenType: 'enum' }] },
  { key: 'vpcIds', propertyLabel: 'VPC ID', groupValuesLabel: 'VPC IDs', operators: ['='] },
];
const STATE_OPTIONS = CLUSTER_STATES.map((value) => ({ propertyKey: 'states', value }));
const NO_QUERY: PropertyFilterProps.Query = { tokens: [], operation: 'and' };

/**
 * The filter's tokens as DescribeClusters Filters. Tokens are AND-ed, so a key named twice keeps the values
 * both allow; the values of one key (an enum token's several states) are OR-ed, as the API ORs them.
 * undefined: the tokens contradict each other and no cluster can match.
 */
function describeFilters(query: PropertyFilterProps.Query): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  for (const t of query.tokens) {
    if (!t.propertyKey) continue;
    const values = (Array.isArray(t.value) ? t.value : [t.value]).map((v) => String(v ?? '').trim());
    out[t.propertyKey] = out[t.propertyKey]?.filter((v) => values.includes(v)) ?? values;
  }
  return Object.values(out).some((v) => v.length === 0) ? undefined : out;
}

const busy = (cs: Cluster[]) => cs.some((c) => c.State?.endsWith('_IN_PROGRESS'));

/** CloudHSM clusters: state, HSM type, HSM count, backup retention; server-side filter and pages. */
export function Clusters() {
  const [query, setQuery] = useState<PropertyFilterProps.Query>(NO_QUERY);
  const Filters = describeFilters(query);
  const pages = useTokenPages(
    async (NextToken) => {
      if (!Filters) return { items: [] };
      const r = await aws<{ Clusters?: Cluster[]; NextToken?: string }>('cloudhsmv2', 'DescribeClusters', {
        ...(Object.keys(Filters).length ? { Filters } : {}),
        MaxResults: PAGE_SIZE,
        NextToken,
      });
      return { items: r.Clusters ?? [], next: r.NextToken };
    },
    [JSON.stringify(Filters ?? null)],
    { pollMs: 2000, poll: busy },
  );
  const { items, page, hasNext } = pages;
  // Suggestions for the ID properties come from the page shown; the states are the API's enum.
  const options = useMemo(
    () => [
      ...items.map((c) => ({ propertyKey: 'clusterIds', value: c.ClusterId })),
      ...[...new Set(items.flatMap((c) => (c.VpcId ? [c.VpcId] : [])))].map((value) => ({ propertyKey: 'vpcIds', value })),
      ...STATE_OPTIONS,
    ],
    [items],
  );
  const shown = (page - 1) * PAGE_SIZE + items.length;

  return (
    <SpaceBetween size="l">
      <ErrorAlert error={pages.error} />
      <Table
        variant="full-page"
        loading={pages.loading}
        loadingText="Loading clusters"
        items={items}
        trackBy="ClusterId"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={pages.loaded ? `(${shown}${hasNext ? '+' : ''})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void pages.reload()} />
                <Button variant="primary" onClick={() => navigate('/cloudhsm/create')} data-testid="create-cluster">
                  Create cluster
                </Button>
              </SpaceBetween>
            }
          >
            Clusters
          </Header>
        }
        filter={
          <PropertyFilter
            query={query}
            onChange={({ detail }) => setQuery(detail)}
            filteringProperties={PROPERTIES}
            filteringOptions={options}
            disableFreeTextFiltering
            readOnlyOperations
            filteringPlaceholder="Filter clusters by ID, state or VPC"
            filteringAriaLabel="Filter clusters"
            countText={pages.loaded && query.tokens.length ? `${shown}${hasNext ? '+' : ''} matches` : undefined}
            loading={pages.loading}
            data-testid="cluster-filter"
          />
        }
        pagination={<Pagination {...pages.pagination} />}
        empty={
          <Box textAlign="center" color="inherit">
            <b>{query.tokens.length ? 'No clusters match the filter' : 'No clusters'}</b>
          </Box>
        }
        columnDefinitions={[
          {
            id: 'id',
            header: 'Cluster ID',
            cell: (c) => (
              <Link href={`/console/cloudhsm/clusters/${c.ClusterId}`} onFollow={follow} data-testid="cluster-link">
                {c.ClusterId}
              </Link>
            ),
          },
          { id: 'state', header: 'State', cell: (c) => <StatusIndicator type={stateType(c.State)}>{c.State}</StatusIndicator> },
          { id: 'type', header: 'HSM type', cell: (c) => c.HsmType },
          { id: 'hsms', header: 'HSMs', cell: (c) => String(c.Hsms?.length ?? 0) },
          {
            id: 'retention',
            header: 'Backup retention',
            cell: (c) => (c.BackupRetentionPolicy ? `${c.BackupRetentionPolicy.Value} days` : '-'),
          },
          { id: 'vpc', header: 'VPC', cell: (c) => c.VpcId ?? '-' },
        ]}
      />
    </SpaceBetween>
  );
}
