import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { signIn, signInMfa, type SessionView } from '../api';
import { ErrorAlert } from './ErrorAlert';

/**
 * Sign in as an IAM user (account ID, user name, password) or as the root user; a user with an MFA
 * device then enters its code (the password is not sent again: the server keeps the pending sign-in).
 */
export function SignIn({ onSignedIn }: { onSignedIn: (s: SessionView) => void }) {
  const [kind, setKind] = useState<'iam' | 'root'>('iam');
  const [accountId, setAccountId] = useState('');
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [mfa, setMfa] = useState(false);
  const [code, setCode] = useState('');

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      if (mfa) {
        onSignedIn(await signInMfa(code.trim()));
        return;
      }
      const result = await signIn(accountId.trim(), kind === 'root' ? '' : userName.trim(), password);
      setPassword('');
      if ('mfaRequired' in result) setMfa(true);
      else onSignedIn(result);
    } catch (err) {
      setError(err);
      setPassword('');
      setCode('');
      // An expired pending sign-in starts over with the password.
      if (err instanceof Error && 'code' in err && err.code === 'SignInExpired') setMfa(false);
    } finally {
      setBusy(false);
    }
  };

  if (mfa) return <MfaStep code={code} setCode={setCode} busy={busy} error={error} submit={submit} userName={userName.trim()} />;

  return (
    <main>
      <Box padding={{ vertical: 'xxxl', horizontal: 'l' }}>
        <div style={{ maxWidth: 440, margin: '0 auto' }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <Form
              header={
                <Header variant="h1" description="hsmtrail: CloudHSM v2 and CloudTrail">
                  Sign in
                </Header>
              }
              actions={
                <Button variant="primary" formAction="submit" loading={busy} data-testid="signin-submit">
                  Sign in
                </Button>
              }
            >
              <Container>
                <SpaceBetween size="l">
                  <RadioGroup
                    ariaLabel="Sign in as"
                    value={kind}
                    onChange={({ detail }) => setKind(detail.value as 'iam' | 'root')}
                    items={[
                      { value: 'iam', label: 'IAM user', description: 'A user in an account, with a console password' },
                      {
                        value: 'root',
                        label: 'Root user',
                        description: 'The account owner (password set with hsmtrail console set-root-password)',
                      },
                    ]}
                  />
                  <FormField label="Account ID (12 digits)">
                    <Input
                      value={accountId}
                      onChange={({ detail }) => setAccountId(detail.value)}
                      inputMode="numeric"
                      autoComplete="username"
                      data-testid="account-id"
                    />
                  </FormField>
                  {kind === 'iam' && (
                    <FormField label="IAM user name">
                      <Input value={userName} onChange={({ detail }) => setUserName(detail.value)} data-testid="user-name" />
                    </FormField>
                  )}
                  <FormField label="Password">
                    <Input
                      type="password"
                      value={password}
                      onChange={({ detail }) => setPassword(detail.value)}
                      autoComplete="current-password"
                      data-testid="password"
                    />
                  </FormField>
                  <ErrorAlert error={error} />
                </SpaceBetween>
              </Container>
            </Form>
          </form>
        </div>
      </Box>
    </main>
  );
}

function MfaStep(props: {
  code: string;
  setCode: (c: string) => void;
  busy: boolean;
  error: unknown;
  submit: () => Promise<void>;
  userName: string;
}) {
  return (
    <main>
      <Box padding={{ vertical: 'xxxl', horizontal: 'l' }}>
        <div style={{ maxWidth: 440, margin: '0 auto' }}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void props.submit();
            }}
          >
            <Form
              header={
                <Header variant="h1" description={`Signing in as ${props.userName}`}>
                  Multi-factor authentication
                </Header>
              }
              actions={
                <Button variant="primary" formAction="submit" loading={props.busy} data-testid="mfa-submit">
                  Submit
                </Button>
              }
            >
              <Container>
                <SpaceBetween size="l">
                  <FormField label="MFA code" description="The 6-digit code your virtual MFA device shows now.">
                    <Input
                      value={props.code}
                      onChange={({ detail }) => props.setCode(detail.value)}
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      autoFocus
                      data-testid="mfa-code"
                    />
                  </FormField>
                  <ErrorAlert error={props.error} />
                </SpaceBetween>
              </Container>
            </Form>
          </form>
        </div>
      </Box>
    </main>
  );
}
