import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../api';
import { ErrorAlert } from './ErrorAlert';
import type { Cluster } from './types';

/** ModifyCluster's BackupRetentionPolicy (Type DAYS, 7-379): how long a cluster's backups are kept. */
export function EditRetention({ cluster, onDone }: { cluster: Cluster | undefined; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await aws('cloudhsmv2', 'ModifyCluster', {
        ClusterId: cluster!.ClusterId,
        BackupRetentionPolicy: { Type: 'DAYS', Value: days.trim() },
      });
      setOpen(false);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        disabled={!cluster}
        onClick={() => {
          setDays(cluster?.BackupRetentionPolicy?.Value ?? '90');
          setError(undefined);
          setOpen(true);
        }}
        data-testid="edit-retention"
      >
        Edit backup retention
      </Button>
      <Modal
        visible={open}
        onDismiss={() => setOpen(false)}
        header="Backup retention policy"
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setOpen(false)}>
                Cancel
              </Button>
              <Button variant="primary" loading={busy} onClick={() => void save()} data-testid="save-retention">
                Save
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        <SpaceBetween size="s">
          <ErrorAlert error={error} />
          <FormField label="Retention period (days)" description="Backups older than this are deleted; 7 to 379 days">
            <Input value={days} inputMode="numeric" onChange={({ detail }) => setDays(detail.value)} data-testid="retention-days" />
          </FormField>
        </SpaceBetween>
      </Modal>
    </>
  );
}
