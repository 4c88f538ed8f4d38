import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../api';
import { ErrorAlert } from './ErrorAlert';

/** CopyBackupToRegion's DestinationBackup (AWS CloudHSM API Reference, "DestinationBackup"). */
export interface DestinationBackup {
  CreateTimestamp?: string;
  SourceRegion?: string;
  SourceBackup?: string;
  SourceCluster?: string;
  /** The copy itself, as DescribeBackups lists it in the destination region. */
  Copy?: { BackupId: string; BackupState?: string };
}

/** Regions offering CloudHSM; the API answers for one it does not accept (the source region, say). */
const REGIONS: SelectProps.Option[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-central-1',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
].map((r) => ({ value: r, label: r }));

/** CopyBackupToRegion for one READY backup; the answer names the copy's source, shown by the caller. */
export function CopyBackup({
  backupId,
  onClose,
  onCopied,
}: {
  backupId: string | undefined;
  onClose: () => void;
  onCopied: (d: DestinationBackup & { DestinationRegion: string }) => void;
}) {
  const [region, setRegion] = useState<SelectProps.Option | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const copy = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const DestinationRegion = region!.value!;
      const r = await aws<{ DestinationBackup: DestinationBackup }>('cloudhsmv2', 'CopyBackupToRegion', {
        BackupId: backupId,
        DestinationRegion,
      });
      const listed = await aws<{ Backups?: { BackupId: string; BackupState?: string }[] }>(
        'cloudhsmv2',
        'DescribeBackups',
        { Filters: { sourceBackupIds: [backupId] } },
        { region: DestinationRegion },
      );
      onCopied({ ...r.DestinationBackup, DestinationRegion, Copy: listed.Backups?.at(-1) });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      visible={!!backupId}
      onDismiss={onClose}
      header={`Copy backup ${backupId ?? ''} to another region`}
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={busy} disabled={!region} onClick={() => void copy()} data-testid="copy-backup-submit">
              Copy backup
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="s">
        <ErrorAlert error={error} />
        <FormField label="Destination region">
          <Select
            selectedOption={region}
            onChange={({ detail }) => setRegion(detail.selectedOption)}
            options={REGIONS}
            placeholder="Choose a region"
            data-testid="copy-region"
          />
        </FormField>
      </SpaceBetween>
    </Modal>
  );
}
