import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { aws } from '../../api';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';
import { listAll } from './list';

interface Attached {
  PolicyName: string;
  PolicyArn: string;
}

/** Attached managed policies: attach one from the AWS managed list, detach. */
export function UserPolicies({ userName }: { userName: string }) {
  const attached = useLoad(() => listAll<Attached>('ListAttachedUserPolicies', 'AttachedPolicies', { UserName: userName }), [userName]);
  const managed = useLoad(() => listAll<{ PolicyName: string; Arn: string }>('ListPolicies', 'Policies', { Scope: 'AWS' }), []);
  const [choice, setChoice] = useState<SelectProps.Option | null>(null);
  const [error, setError] = useState<unknown>();
  const run = async (fn: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await fn();
      setChoice(null);
    } catch (err) {
      setError(err);
    }
    await attached.reload();
  };
  const have = new Set((attached.value ?? []).map((p) => p.PolicyArn));
  return (
    <SpaceBetween size="s">
      <ErrorAlert error={attached.error ?? error} />
      <Table
        items={attached.value ?? []}
        loading={attached.loading}
        loadingText="Loading policies"
        trackBy="PolicyArn"
        header={
          <Header variant="h2" counter={attached.value ? `(${attached.value.length})` : undefined} description="Attached managed policies">
            Permissions
          </Header>
        }
        empty={<Box textAlign="center">No attached policies</Box>}
        columnDefinitions={[
          { id: 'name', header: 'Policy name', cell: (p) => p.PolicyName },
          { id: 'arn', header: 'ARN', cell: (p) => p.PolicyArn },
          {
            id: 'detach',
            header: 'Actions',
            cell: (p) => (
              <Button
                variant="inline-link"
                ariaLabel={`Detach ${p.PolicyName}`}
                onClick={() => void run(() => aws('iam', 'DetachUserPolicy', { UserName: userName, PolicyArn: p.PolicyArn }))}
              >
                Detach
              </Button>
            ),
          },
        ]}
      />
      <SpaceBetween direction="horizontal" size="xs" alignItems="end">
        <FormField label="AWS managed policy">
          <div data-testid="attach-policy-select" style={{ minWidth: 320 }}>
            <Select
              selectedOption={choice}
              onChange={({ detail }) => setChoice(detail.selectedOption)}
              options={(managed.value ?? []).filter((p) => !have.has(p.Arn)).map((p) => ({ value: p.Arn, label: p.PolicyName }))}
              statusType={managed.loading ? 'loading' : 'finished'}
              placeholder="Choose a policy"
              filteringType="auto"
            />
          </div>
        </FormField>
        <Button
          disabled={!choice}
          onClick={() => void run(() => aws('iam', 'AttachUserPolicy', { UserName: userName, PolicyArn: choice!.value }))}
          data-testid="attach-policy"
        >
          Attach policy
        </Button>
      </SpaceBetween>
    </SpaceBetween>
  );
}
