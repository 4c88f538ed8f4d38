import { useState } from 'react';
import Alert from '@cloudscape-design/components/alert';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { aws } from '../../api';
import { formatTime } from '../../format';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';
import { listAll } from './list';

interface Key {
  AccessKeyId: string;
  Status: 'Active' | 'Inactive';
  CreateDate?: string;
}

/** Access keys: create (the secret is shown once, here, and never again), deactivate/activate, delete. */
export function AccessKeys({ userName }: { userName: string }) {
  const keys = useLoad(() => listAll<Key>('ListAccessKeys', 'AccessKeyMetadata', { UserName: userName }), [userName]);
  const [created, setCreated] = useState<{ AccessKeyId: string; SecretAccessKey: string }>();
  const [error, setError] = useState<unknown>();
  const run = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(err);
    }
    await keys.reload();
  };
  const create = () =>
    run(async () => {
      const { AccessKey } = await aws<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>('iam', 'CreateAccessKey', {
        UserName: userName,
      });
      setCreated(AccessKey);
    });
  return (
    <SpaceBetween size="s">
      <ErrorAlert error={keys.error ?? error} />
      {created && (
        <Alert type="success" header="Access key created" dismissible onDismiss={() => setCreated(undefined)} data-testid="new-access-key">
          <SpaceBetween size="xxs">
            <div>
              Access key ID: <code data-testid="new-access-key-id">{created.AccessKeyId}</code>
            </div>
            <div>
              Secret access key: <code data-testid="new-secret-key">{created.SecretAccessKey}</code>
            </div>
            <Box variant="small">This is the only time the secret access key is shown. Store it now.</Box>
          </SpaceBetween>
        </Alert>
      )}
      <Table
        items={keys.value ?? []}
        loading={keys.loading}
        loadingText="Loading access keys"
        trackBy="AccessKeyId"
        header={
          <Header
            variant="h2"
            counter={keys.value ? `(${keys.value.length})` : undefined}
            actions={
              <Button onClick={() => void create()} data-testid="create-access-key">
                Create access key
              </Button>
            }
          >
            Access keys
          </Header>
        }
        empty={<Box textAlign="center">No access keys</Box>}
        columnDefinitions={[
          { id: 'id', header: 'Access key ID', cell: (k) => k.AccessKeyId },
          {
            id: 'status',
            header: 'Status',
            cell: (k) => <StatusIndicator type={k.Status === 'Active' ? 'success' : 'stopped'}>{k.Status}</StatusIndicator>,
          },
          { id: 'created', header: 'Created', cell: (k) => formatTime(k.CreateDate) },
          {
            id: 'actions',
            header: 'Actions',
            cell: (k) => (
              <SpaceBetween direction="horizontal" size="xs">
                <Button
                  variant="inline-link"
                  ariaLabel={`${k.Status === 'Active' ? 'Deactivate' : 'Activate'} ${k.AccessKeyId}`}
                  onClick={() =>
                    void run(() =>
                      aws('iam', 'UpdateAccessKey', {
                        UserName: userName,
                        AccessKeyId: k.AccessKeyId,
                        Status: k.Status === 'Active' ? 'Inactive' : 'Active',
                      }),
                    )
                  }
                >
                  {k.Status === 'Active' ? 'Deactivate' : 'Activate'}
                </Button>
                <Button
                  variant="inline-link"
                  ariaLabel={`Delete ${k.AccessKeyId}`}
                  onClick={() => void run(() => aws('iam', 'DeleteAccessKey', { UserName: userName, AccessKeyId: k.AccessKeyId }))}
                >
                  Delete
                </Button>
              </SpaceBetween>
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}
