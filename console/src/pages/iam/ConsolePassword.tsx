import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import { AwsError, aws } from '../../api';
import { formatTime } from '../../format';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';

type Profile = { LoginProfile: { CreateDate?: string; PasswordResetRequired?: boolean } } | null;

/** The console password (login profile): Create, Update or Delete LoginProfile. The password is never shown back. */
export function ConsolePassword({ userName }: { userName: string }) {
  const profile = useLoad<Profile>(
    () =>
      aws<Exclude<Profile, null>>('iam', 'GetLoginProfile', { UserName: userName }).catch((err) => {
        if (err instanceof AwsError && err.code === 'NoSuchEntityException') return null;
        throw err;
      }),
    [userName],
  );
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const act = async (op: 'CreateLoginProfile' | 'UpdateLoginProfile' | 'DeleteLoginProfile') => {
    setBusy(true);
    setError(undefined);
    try {
      await aws('iam', op, op === 'DeleteLoginProfile' ? { UserName: userName } : { UserName: userName, Password: password });
      setPassword('');
      await profile.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const has = !!profile.value;
  return (
    <Container header={<Header variant="h2">Console password</Header>}>
      <SpaceBetween size="m">
        <ErrorAlert error={profile.error ?? error} />
        <Box data-testid="password-status">
          {profile.loading ? (
            <StatusIndicator type="loading">Loading</StatusIndicator>
          ) : has ? (
            <StatusIndicator type="success">Enabled since {formatTime(profile.value!.LoginProfile.CreateDate)}</StatusIndicator>
          ) : (
            <StatusIndicator type="stopped">Not enabled</StatusIndicator>
          )}
        </Box>
        <FormField label={has ? 'New console password' : 'Console password'}>
          <Input type="password" value={password} onChange={({ detail }) => setPassword(detail.value)} data-testid="console-password" />
        </FormField>
        <SpaceBetween direction="horizontal" size="xs">
          <Button
            variant="primary"
            disabled={!password}
            loading={busy}
            onClick={() => void act(has ? 'UpdateLoginProfile' : 'CreateLoginProfile')}
            data-testid="set-password"
          >
            {has ? 'Update password' : 'Enable console access'}
          </Button>
          {has && (
            <Button onClick={() => void act('DeleteLoginProfile')} data-testid="delete-password">
              Disable console access
            </Button>
          )}
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}
