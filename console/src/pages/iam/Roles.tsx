import Box from '@cloudscape-design/components/box';
import Header from '@cloudscape-design/components/header';
import Link from '@cloudscape-design/components/link';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { formatTime } from '../../format';
import { BASE, follow } from '../../router';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';
import { listAll } from './list';

export interface Role {
  RoleName: string;
  RoleId: string;
  Arn: string;
  CreateDate?: string;
  Description?: string;
  MaxSessionDuration?: number;
  AssumeRolePolicyDocument?: string;
}

/** IAM roles (ListRoles). */
export function Roles() {
  const roles = useLoad(() => listAll<Role>('ListRoles', 'Roles'), []);
  return (
    <SpaceBetween size="l">
      <ErrorAlert error={roles.error} />
      <Table
        variant="full-page"
        items={roles.value ?? []}
        loading={roles.loading}
        loadingText="Loading roles"
        trackBy="RoleId"
        header={
          <Header variant="awsui-h1-sticky" counter={roles.value ? `(${roles.value.length})` : undefined}>
            Roles
          </Header>
        }
        empty={<Box textAlign="center">No roles</Box>}
        columnDefinitions={[
          {
            id: 'name',
            header: 'Role name',
            cell: (r) => (
              <Link href={`${BASE}/iam/roles/${encodeURIComponent(r.RoleName)}`} onFollow={follow}>
                {r.RoleName}
              </Link>
            ),
          },
          { id: 'description', header: 'Description', cell: (r) => r.Description ?? '-' },
          { id: 'arn', header: 'ARN', cell: (r) => r.Arn },
          { id: 'created', header: 'Created', cell: (r) => formatTime(r.CreateDate) },
        ]}
      />
    </SpaceBetween>
  );
}
