import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { formatTime, stateType } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';

interface Backup {
  BackupId: string;
  BackupState?: string;
  CreateTimestamp?: string;
  DeleteTimestamp?: string;
  SourceRegion?: string;
}

/** A cluster's backups: list, delete (PENDING_DELETION for 7 days), restore a pending one. */
export function Backups({ clusterId }: { clusterId: string }) {
  const load = () =>
    aws<{ Backups?: Backup[] }>('cloudhsmv2', 'DescribeBackups', { Filters: { clusterIds: [clusterId] } }).then((r) => r.Backups ?? []);
  const { value, error, loading, reload } = useLoad(load, [clusterId], {
    pollMs: 1500,
    poll: (bs) => bs.some((b) => b.BackupState === 'CREATE_IN_PROGRESS'),
  });
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
      <ErrorAlert error={error ?? actionError} />
      <Table
        items={value ?? []}
        loading={loading}
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
        header={
          <Header
            variant="h2"
            counter={value ? `(${value.length})` : undefined}
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
              </SpaceBetween>
            }
          >
            Backups
          </Header>
        }
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
          { id: 'created', header: 'Created', cell: (b) => formatTime(b.CreateTimestamp) },
          { id: 'deleted', header: 'Deletion scheduled', cell: (b) => formatTime(b.DeleteTimestamp) },
        ]}
      />
    </SpaceBetween>
  );
}
