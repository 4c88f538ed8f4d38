import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../../api';
import { formatTime } from '../../format';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';
import { AccessKeys } from './AccessKeys';
import { ConsolePassword } from './ConsolePassword';
import { MfaDevices } from './MfaDevices';
import { UserPolicies } from './UserPolicies';

interface User {
  UserName: string;
  UserId: string;
  Arn: string;
  CreateDate?: string;
}

/** One IAM user: its console password, access keys, attached managed policies and MFA devices. */
export function UserDetail({ userName }: { userName: string }) {
  const user = useLoad(() => aws<{ User: User }>('iam', 'GetUser', { UserName: userName }), [userName]);
  const u = user.value?.User;
  return (
    <SpaceBetween size="l">
      <Header variant="h1">{userName}</Header>
      <ErrorAlert error={user.error} />
      <Container header={<Header variant="h2">Summary</Header>}>
        <ColumnLayout columns={3} variant="text-grid">
          {(
            [
              ['ARN', u?.Arn],
              ['User ID', u?.UserId],
              ['Created', u && formatTime(u.CreateDate)],
            ] as const
          ).map(([k, v]) => (
            <div key={k}>
              <Box variant="awsui-key-label">{k}</Box>
              <div>{v ?? '-'}</div>
            </div>
          ))}
        </ColumnLayout>
      </Container>
      <UserPolicies userName={userName} />
      <ConsolePassword userName={userName} />
      <AccessKeys userName={userName} />
      <MfaDevices userName={userName} />
    </SpaceBetween>
  );
}
