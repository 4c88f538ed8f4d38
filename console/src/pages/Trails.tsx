import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { formatTime } from '../format';
import { BASE, follow, navigate } from '../router';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';

interface Trail {
  Name: string;
  TrailARN: string;
  S3BucketName?: string;
  IsMultiRegionTrail?: boolean;
  LogFileValidationEnabled?: boolean;
  HomeRegion?: string;
}
interface Status {
  IsLogging?: boolean;
  LatestDeliveryTime?: string;
  LatestDeliveryError?: string;
  LatestDigestDeliveryTime?: string;
}
type Row = Trail & { status?: Status; statusError?: string };

async function trailsWithStatus(): Promise<Row[]> {
  const { trailList = [] } = await aws<{ trailList?: Trail[] }>('cloudtrail', 'DescribeTrails', {});
  return Promise.all(
    trailList.map(async (t) => {
      try {
        return { ...t, status: await aws<Status>('cloudtrail', 'GetTrailStatus', { Name: t.TrailARN }) };
      } catch (err) {
        return { ...t, statusError: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

/** CloudTrail trails: bucket, logging, last delivery and its error; start and stop logging. */
export function Trails() {
  const { value, error, loading, reload } = useLoad(trailsWithStatus, []);
  const [selected, setSelected] = useState<Row[]>([]);
  const [actionError, setActionError] = useState<unknown>();
  const act = async (op: 'StartLogging' | 'StopLogging' | 'DeleteTrail') => {
    setActionError(undefined);
    try {
      await aws('cloudtrail', op, { Name: selected[0]!.TrailARN });
    } catch (err) {
      setActionError(err);
    }
    setSelected([]);
    await reload();
  };
  const one = selected[0];
  return (
    <SpaceBetween size="l">
      <ErrorAlert error={error ?? actionError} />
      <Table
        variant="full-page"
        items={value ?? []}
        loading={loading}
        loadingText="Loading trails"
        trackBy="TrailARN"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'Trails', itemSelectionLabel: (_, t) => t.Name, allItemsSelectionLabel: () => 'all trails' }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={value ? `(${value.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh" onClick={() => void reload()} />
                <Button disabled={!one || one.status?.IsLogging === false} onClick={() => void act('StopLogging')}>
                  Stop logging
                </Button>
                <Button disabled={!one || one.status?.IsLogging === true} onClick={() => void act('StartLogging')}>
                  Start logging
                </Button>
                <Button disabled={!one} onClick={() => void act('DeleteTrail')} data-testid="delete-trail-row">
                  Delete
                </Button>
                <Button variant="primary" onClick={() => navigate('/cloudtrail/trails/create')} data-testid="create-trail">
                  Create trail
                </Button>
              </SpaceBetween>
            }
          >
            Trails
          </Header>
        }
        empty={<Box textAlign="center">No trails</Box>}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Name',
            cell: (t) => (
              <Link href={`${BASE}/cloudtrail/trails/${encodeURIComponent(t.Name)}`} onFollow={follow}>
                {t.Name}
              </Link>
            ),
          },
          { id: 'bucket', header: 'S3 bucket', cell: (t) => t.S3BucketName ?? '-' },
          { id: 'multi', header: 'Multi-region', cell: (t) => (t.IsMultiRegionTrail ? 'Yes' : 'No') },
          { id: 'validation', header: 'Log file validation', cell: (t) => (t.LogFileValidationEnabled ? 'Enabled' : 'Disabled') },
          {
            id: 'logging',
            header: 'Status',
            cell: (t) =>
              t.statusError ? (
                <StatusIndicator type="error">{t.statusError}</StatusIndicator>
              ) : (
                <StatusIndicator type={t.status?.IsLogging ? 'success' : 'stopped'}>
                  {t.status?.IsLogging ? 'Logging' : 'Off'}
                </StatusIndicator>
              ),
          },
          { id: 'delivery', header: 'Last delivery', cell: (t) => formatTime(t.status?.LatestDeliveryTime) },
          { id: 'digest', header: 'Last digest', cell: (t) => formatTime(t.status?.LatestDigestDeliveryTime) },
          { id: 'error', header: 'Last delivery error', cell: (t) => t.status?.LatestDeliveryError ?? '-' },
        ]}
      />
    </SpaceBetween>
  );
}
