import { useMemo, useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import TextFilter from '@cloudscape-design/components/text-filter';
import { aws } from '../api';
import { follow, navigate } from '../router';
import { stateType } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';
import type { Cluster } from './types';

const PAGE_SIZE = 10;

async function allClusters(): Promise<Cluster[]> {
  const out: Cluster[] = [];
  let NextToken: string | undefined;
  do {
    const page = await aws<{ Clusters?: Cluster[]; NextToken?: string }>('cloudhsmv2', 'DescribeClusters', { NextToken, MaxResults: 25 });
    out.push(...(page.Clusters ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

const busy = (cs: Cluster[]) => cs.some((c) => c.State?.endsWith('_IN_PROGRESS'));

/** CloudHSM clusters: state, HSM type, HSM count, backup retention; filter and pagination. */
export function Clusters() {
  const { value, error, loading, reload } = useLoad(allClusters, [], { pollMs: 2000, poll: busy });
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const filtered = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return (value ?? []).filter((c) => !f || [c.ClusterId, c.State, c.HsmType, c.VpcId].some((v) => v?.toLowerCase().includes(f)));
  }, [value, filter]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE_SIZE));
  const items = filtered.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);

  return (
    <SpaceBetween size="l">
      <ErrorAlert error={error} />
      <Table
        variant="full-page"
        loading={loading}
        loadingText="Loading clusters"
        items={items}
        trackBy="ClusterId"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={value ? `(${filtered.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void reload()} />
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
          <TextFilter
            filteringText={filter}
            filteringPlaceholder="Find clusters"
            filteringAriaLabel="Find clusters"
            onChange={({ detail }) => {
              setFilter(detail.filteringText);
              setPage(1);
            }}
          />
        }
        pagination={<Pagination currentPageIndex={page} pagesCount={pages} onChange={({ detail }) => setPage(detail.currentPageIndex)} />}
        empty={
          <Box textAlign="center" color="inherit">
            <b>No clusters</b>
          </Box>
        }
        columnDefinitions={[
          {
            id: 'id',
            header: 'Cluster ID',
            cell: (c) => (
              <Link href={`/console/cloudhsm/clusters/${c.ClusterId}`} onFollow={follow}>
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
