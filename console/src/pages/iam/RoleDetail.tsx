import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { aws } from '../../api';
import { formatTime } from '../../format';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';
import { listAll, policyText } from './list';
import type { Role } from './Roles';

/** One role: its summary, trust policy (who may assume it) and attached managed policies. */
export function RoleDetail({ roleName }: { roleName: string }) {
  const role = useLoad(() => aws<{ Role: Role }>('iam', 'GetRole', { RoleName: roleName }), [roleName]);
  const attached = useLoad(
    () => listAll<{ PolicyName: string; PolicyArn: string }>('ListAttachedRolePolicies', 'AttachedPolicies', { RoleName: roleName }),
    [roleName],
  );
  const r = role.value?.Role;
  return (
    <SpaceBetween size="l">
      <Header variant="h1">{roleName}</Header>
      <ErrorAlert error={role.error ?? attached.error} />
      <Container header={<Header variant="h2">Summary</Header>}>
        <ColumnLayout columns={3} variant="text-grid">
          {(
            [
              ['ARN', r?.Arn],
              ['Created', r && formatTime(r.CreateDate)],
              ['Maximum session duration', r?.MaxSessionDuration !== undefined ? `${r.MaxSessionDuration / 3600} hour(s)` : undefined],
            ] as const
          ).map(([k, v]) => (
            <div key={k}>
              <Box variant="awsui-key-label">{k}</Box>
              <div>{v ?? '-'}</div>
            </div>
          ))}
        </ColumnLayout>
      </Container>
      <Container header={<Header variant="h2">Trust policy</Header>}>
        <pre data-testid="trust-policy" style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
          {policyText(r?.AssumeRolePolicyDocument)}
        </pre>
      </Container>
      <Table
        items={attached.value ?? []}
        loading={attached.loading}
        loadingText="Loading policies"
        trackBy="PolicyArn"
        header={
          <Header variant="h2" counter={attached.value ? `(${attached.value.length})` : undefined}>
            Permissions
          </Header>
        }
        empty={<Box textAlign="center">No attached policies</Box>}
        columnDefinitions={[
          { id: 'name', header: 'Policy name', cell: (p) => p.PolicyName },
          { id: 'arn', header: 'ARN', cell: (p) => p.PolicyArn },
        ]}
      />
    </SpaceBetween>
  );
}
