import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Alert from '@cloudscape-design/components/alert';
import Header from '@cloudscape-design/components/header';
import Pagination from '@cloudscape-design/components/pagination';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { formatTime, stateType } from '../format';
import { navigate } from '../router';
import { CopyBackup, type DestinationBackup } from './CopyBackup';
import { ErrorAlert } from './ErrorAlert';
import { useTokenPages } from './useTokenPages';

const PAGE_SIZE = 25;

interface Backup {
  BackupId: string;
  BackupState?: string;
  CreateTimestamp?: string;
  DeleteTimestamp?: string;
  SourceRegion?: string;
  SourceBackup?: string;
  ClusterId?: string;
  NeverExpires?: boolean;
}

const creating = (bs: Backup[]) => bs.some((b) => b.BackupState === 'CREATE_IN_PROGRESS');

/**
 * Backups (a cluster's, or the region's without `clusterId`): list, delete (PENDING_DELETION for 7 days),
 * restore a pending one, copy to another region, create a cluster from one. One DescribeBackups page at a time.
 */
export function Backups({ clusterId, variant = 'h2' }: { clusterId?: string; variant?: 'h2' | 'awsui-h1-sticky' }) {
  const [copying, setCopying] = useState(false);
  const [copied, setCopied] = useState<DestinationBackup & { DestinationRegion: string }>();
  const pages = useTokenPages(
    async (NextToken) => {
      const r = await aws<{ Backups?: Backup[]; NextToken?: string }>('cloudhsmv2', 'DescribeBackups', {
        ...(clusterId ? { Filters: { clusterIds: [clusterId] } } : {}),
        MaxResults: PAGE_SIZE,
        NextToken,
      });
      return { items: r.Backups ?? [], next: r.NextToken };
    },
    [clusterId],
    { pollMs: 1500, poll: creating },
  );
  const { items, reload } = pages;
  const [selected, setSelected] = useState<Backup[]>([]);
  const [actionError, setActionError] = useState<unknown>();
  const one = selected[0];
  const act = async (op: 'DeleteBackup' | 'RestoreBackup') => {
    setActionError(undefined);
    try {
      await aws('cloudhsmv2', op, { BackupId: one!.BackupId });
    } catch (err) {
      setActionError(err);
    }
    setSelected([]);
    await reload();
  };
  return (
    <SpaceBetween size="s">
      <ErrorAlert error={pages.error ?? actionError} />
      {copied && (
        <Alert type="success" dismissible onDismiss={() => setCopied(undefined)} header="Backup copy started" data-testid="copied-backup">
          A copy of {copied.SourceBackup} (cluster {copied.SourceCluster ?? '-'}, created {formatTime(copied.CreateTimestamp)}) is being
          made in {copied.DestinationRegion}, from {copied.SourceRegion}
          {copied.Copy && (
            <>
              : <span data-testid="copy-id">{copied.Copy.BackupId}</span> ({copied.Copy.BackupState})
            </>
          )}
          .
        </Alert>
      )}
      <Table
        items={items}
        loading={pages.loading}
        loadingText="Loading backups"
        trackBy="BackupId"
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{
          selectionGroupLabel: 'Backups',
          itemSelectionLabel: (_, b) => b.BackupId,
          allItemsSelectionLabel: () => 'all backups',
        }}
        variant={variant === 'h2' ? 'container' : 'full-page'}
        header={
          <Header
            variant={variant}
            counter={pages.loaded ? `(${(pages.page - 1) * PAGE_SIZE + items.length}${pages.hasNext ? '+' : ''})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button iconName="refresh" ariaLabel="Refresh backups" onClick={() => void reload()} data-testid="refresh-backups" />
                <Button disabled={one?.BackupState !== 'READY'} onClick={() => void act('DeleteBackup')} data-testid="delete-backup">
                  Delete backup
                </Button>
                <Button
                  disabled={one?.BackupState !== 'PENDING_DELETION'}
                  onClick={() => void act('RestoreBackup')}
                  data-testid="restore-backup"
                >
                  Restore backup
                </Button>
                <Button disabled={one?.BackupState !== 'READY'} onClick={() => setCopying(true)} data-testid="copy-backup">
                  Copy to region
                </Button>
                <Button
                  disabled={one?.BackupState !== 'READY'}
                  onClick={() => navigate(`/cloudhsm/create?backup=${encodeURIComponent(one!.BackupId)}`)}
                  data-testid="cluster-from-backup"
                >
                  Create cluster from backup
                </Button>
              </SpaceBetween>
            }
          >
            Backups
          </Header>
        }
        pagination={<Pagination {...pages.pagination} />}
        empty={<Box textAlign="center">No backups</Box>}
        columnDefinitions={[
          { id: 'id', header: 'Backup ID', cell: (b) => b.BackupId },
          {
            id: 'state',
            header: 'State',
            cell: (b) => (
              <StatusIndicator type={b.BackupState === 'READY' ? 'success' : stateType(b.BackupState)}>{b.BackupState}</StatusIndicator>
            ),
          },
          ...(clusterId ? [] : [{ id: 'cluster', header: 'Cluster', cell: (b: Backup) => b.ClusterId ?? '-' }]),
          { id: 'created', header: 'Created', cell: (b) => formatTime(b.CreateTimestamp) },
          { id: 'source', header: 'Copied from', cell: (b) => (b.SourceBackup ? `${b.SourceBackup} (${b.SourceRegion})` : '-') },
          { id: 'deleted', header: 'Deletion scheduled', cell: (b) => formatTime(b.DeleteTimestamp) },
        ]}
      />
      <CopyBackup
        backupId={copying ? one?.BackupId : undefined}
        onClose={() => setCopying(false)}
        onCopied={(d) => {
          setCopying(false);
          setCopied(d);
          setSelected([]);
        }}
      />
    </SpaceBetween>
  );
}
