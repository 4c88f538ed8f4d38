import { useState, type ReactNode } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { aws } from '../api';
import { formatTime } from '../format';
import { navigate } from '../router';
import { ErrorAlert } from './ErrorAlert';
import { Integrity } from './Integrity';
import { useLoad } from './useAws';

export interface Trail {
  Name: string;
  TrailARN: string;
  S3BucketName?: string;
  S3KeyPrefix?: string;
  HomeRegion?: string;
  IsMultiRegionTrail?: boolean;
  LogFileValidationEnabled?: boolean;
}

/** GetTrailStatus (CloudTrail API Reference, "GetTrailStatus": response elements). */
interface TrailStatus {
  IsLogging?: boolean;
  StartLoggingTime?: string;
  StopLoggingTime?: string;
  LatestDeliveryTime?: string;
  LatestDeliveryAttemptTime?: string;
  LatestDeliveryError?: string;
  LatestDigestDeliveryTime?: string;
  LatestDigestDeliveryError?: string;
  LatestNotificationTime?: string;
  LatestNotificationError?: string;
}

async function load(name: string) {
  const { trailList = [] } = await aws<{ trailList?: Trail[] }>('cloudtrail', 'DescribeTrails', { trailNameList: [name] });
  const trail = trailList[0];
  if (!trail) return { trail: undefined, status: undefined };
  return { trail, status: await aws<TrailStatus>('cloudtrail', 'GetTrailStatus', { Name: trail.TrailARN }) };
}

function Field({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <div data-testid={testId}>{children}</div>
    </div>
  );
}

/** One trail: its configuration, GetTrailStatus in full, start/stop logging, delete, and integrity validation. */
export function TrailDetail({ name }: { name: string }) {
  const { value, error, loading, reload } = useLoad(() => load(name), [name]);
  const [actionError, setActionError] = useState<unknown>();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const trail = value?.trail;
  const status = value?.status;
  const act = async (fn: () => Promise<unknown>, after?: () => void) => {
    setActionError(undefined);
    try {
      await fn();
      after?.();
    } catch (err) {
      setActionError(err);
    }
    await reload();
  };
  const remove = () =>
    act(
      () => aws('cloudtrail', 'DeleteTrail', { Name: trail!.TrailARN }),
      () => navigate('/cloudtrail/trails'),
    );

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button iconName="refresh" ariaLabel="Refresh trail" onClick={() => void reload()} data-testid="refresh-trail" />
            <Button
              disabled={!trail || !status?.IsLogging}
              onClick={() => void act(() => aws('cloudtrail', 'StopLogging', { Name: trail!.TrailARN }))}
            >
              Stop logging
            </Button>
            <Button
              disabled={!trail || status?.IsLogging !== false}
              onClick={() => void act(() => aws('cloudtrail', 'StartLogging', { Name: trail!.TrailARN }))}
            >
              Start logging
            </Button>
            <Button disabled={!trail} onClick={() => setConfirmDelete(true)} data-testid="delete-trail">
              Delete
            </Button>
          </SpaceBetween>
        }
      >
        {name}
      </Header>
      <ErrorAlert error={error ?? actionError} />
      {!loading && !error && !trail && <ErrorAlert error={new Error(`Trail ${name} was not found.`)} />}
      <Container header={<Header variant="h2">Status</Header>}>
        <ColumnLayout columns={3} variant="text-grid">
          <Field label="Logging" testId="trail-logging">
            <StatusIndicator type={status?.IsLogging ? 'success' : 'stopped'}>{status?.IsLogging ? 'Logging' : 'Off'}</StatusIndicator>
          </Field>
          <Field label="Logging started">{formatTime(status?.StartLoggingTime)}</Field>
          <Field label="Logging stopped">{formatTime(status?.StopLoggingTime)}</Field>
          <Field label="Last log file delivered" testId="latest-delivery">
            {formatTime(status?.LatestDeliveryTime)}
          </Field>
          <Field label="Last delivery attempt">{formatTime(status?.LatestDeliveryAttemptTime)}</Field>
          <Field label="Last delivery error" testId="latest-delivery-error">
            {status?.LatestDeliveryError ?? '-'}
          </Field>
          <Field label="Last digest file delivered" testId="latest-digest">
            {formatTime(status?.LatestDigestDeliveryTime)}
          </Field>
          <Field label="Last digest error">{status?.LatestDigestDeliveryError ?? '-'}</Field>
          <Field label="Last SNS notification error">{status?.LatestNotificationError ?? '-'}</Field>
        </ColumnLayout>
      </Container>
      <Container header={<Header variant="h2">General details</Header>}>
        <ColumnLayout columns={3} variant="text-grid">
          <Field label="Trail ARN">{trail?.TrailARN ?? '-'}</Field>
          <Field label="S3 bucket">{trail?.S3BucketName ?? '-'}</Field>
          <Field label="Prefix">{trail?.S3KeyPrefix ?? '-'}</Field>
          <Field label="Home region">{trail?.HomeRegion ?? '-'}</Field>
          <Field label="Multi-region trail">{trail?.IsMultiRegionTrail ? 'Yes' : 'No'}</Field>
          <Field label="Log file validation">{trail?.LogFileValidationEnabled ? 'Enabled' : 'Disabled'}</Field>
        </ColumnLayout>
      </Container>
      {trail && <Integrity trail={trail} since={status?.StartLoggingTime} />}
      <Modal
        visible={confirmDelete}
        onDismiss={() => setConfirmDelete(false)}
        header="Delete trail"
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirmDelete(false)}>
                Cancel
              </Button>
              <Button
                variant="primary"
                data-testid="confirm-delete-trail"
                onClick={() => {
                  setConfirmDelete(false);
                  void remove();
                }}
              >
                Delete
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        Delete trail {name}? Its delivered files stay in the bucket.
      </Modal>
    </SpaceBetween>
  );
}
