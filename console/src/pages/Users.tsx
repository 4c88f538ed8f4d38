import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Link from '@cloudscape-design/components/link';
import Modal from '@cloudscape-design/components/modal';
import Multiselect, { type MultiselectProps } from '@cloudscape-design/components/multiselect';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { BASE, follow } from '../router';
import { formatTime } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';
import { listAll } from './iam/list';

interface User {
  UserName: string;
  UserId: string;
  Arn: string;
  CreateDate?: string;
}

/**
 * IAM users: list, create one with a console password and AWS managed policies (three IAM calls,
 * each recorded), and delete one (DeleteUser, which IAM refuses while the user has keys, a password,
 * policies or an MFA device: its DeleteConflict message is shown).
 */
export function Users() {
  const users = useLoad(() => listAll<User>('ListUsers', 'Users'), []);
  const [open, setOpen] = useState(false);
  const [selected, setSelected] = useState<User[]>([]);
  const [error, setError] = useState<unknown>();
  const remove = async () => {
    setError(undefined);
    try {
      for (const u of selected) await aws('iam', 'DeleteUser', { UserName: u.UserName });
      setSelected([]);
    } catch (err) {
      setError(err);
    }
    void users.reload();
  };
  return (
    <SpaceBetween size="l">
      <ErrorAlert error={users.error ?? error} onDismiss={error ? () => setError(undefined) : undefined} />
      <Table
        selectionType="multi"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{
          selectionGroupLabel: 'Users',
          itemSelectionLabel: (_s, u) => `Select ${u.UserName}`,
          allItemsSelectionLabel: () => 'All users',
        }}
        variant="full-page"
        items={users.value ?? []}
        loading={users.loading}
        loadingText="Loading users"
        trackBy="UserId"
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={users.value ? `(${users.value.length})` : undefined}
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Button disabled={!selected.length} onClick={() => void remove()} data-testid="delete-users">
                  Delete
                </Button>
                <Button variant="primary" onClick={() => setOpen(true)} data-testid="create-user">
                  Create user
                </Button>
              </SpaceBetween>
            }
          >
            Users
          </Header>
        }
        empty={<Box textAlign="center">No users</Box>}
        columnDefinitions={[
          {
            id: 'name',
            header: 'User name',
            cell: (u) => (
              <Link href={`${BASE}/iam/users/${encodeURIComponent(u.UserName)}`} onFollow={follow}>
                {u.UserName}
              </Link>
            ),
          },
          { id: 'arn', header: 'ARN', cell: (u) => u.Arn },
          { id: 'created', header: 'Created', cell: (u) => formatTime(u.CreateDate) },
        ]}
      />
      {open && (
        <CreateUser
          onClose={() => {
            setOpen(false);
            void users.reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}

function CreateUser({ onClose }: { onClose: () => void }) {
  const policies = useLoad(() => listAll<{ PolicyName: string; Arn: string }>('ListPolicies', 'Policies', { Scope: 'AWS' }), []);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [chosen, setChosen] = useState<readonly MultiselectProps.Option[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await aws('iam', 'CreateUser', { UserName: name.trim() });
      if (password) await aws('iam', 'CreateLoginProfile', { UserName: name.trim(), Password: password, PasswordResetRequired: false });
      for (const p of chosen) await aws('iam', 'AttachUserPolicy', { UserName: name.trim(), PolicyArn: p.value });
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      visible
      onDismiss={onClose}
      header="Create user"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="primary" loading={busy} disabled={!name.trim()} onClick={() => void submit()} data-testid="create-user-submit">
              Create user
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="l">
        <FormField label="User name">
          <Input value={name} onChange={({ detail }) => setName(detail.value)} data-testid="new-user-name" />
        </FormField>
        <FormField label="Console password" description="Optional: lets the user sign in to this console.">
          <Input type="password" value={password} onChange={({ detail }) => setPassword(detail.value)} data-testid="new-user-password" />
        </FormField>
        <FormField label="AWS managed policies">
          <div data-testid="new-user-policies">
            <Multiselect
              selectedOptions={chosen}
              onChange={({ detail }) => setChosen(detail.selectedOptions)}
              options={(policies.value ?? []).map((p) => ({ value: p.Arn, label: p.PolicyName }))}
              statusType={policies.loading ? 'loading' : 'finished'}
              placeholder="Choose policies"
              filteringType="auto"
            />
          </div>
        </FormField>
        <ErrorAlert error={error ?? policies.error} />
      </SpaceBetween>
    </Modal>
  );
}
