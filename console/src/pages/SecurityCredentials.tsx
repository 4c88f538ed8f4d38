import Alert from '@cloudscape-design/components/alert';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { MfaDevices } from './iam/MfaDevices';

/**
 * The root user's "My security credentials": its own virtual MFA device, assigned and removed here
 * (the only way AWS allows: not from the CLI or API) through IAM calls made with this session's
 * credentials, so each is IAM-authorized and recorded (EnableMFADevice by Root, userName "AWS ROOT USER").
 */
export function SecurityCredentials({ root }: { root: boolean }) {
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="The root user's own credentials">
        My security credentials
      </Header>
      {root ? (
        <>
          <Alert type="info">
            With an MFA device assigned, every root sign-in asks for its code after the password. Keep the device safe: if it is lost, the
            operator removes it with <code>hsmtrail console root-mfa remove</code>.
          </Alert>
          <MfaDevices />
        </>
      ) : (
        <Alert type="warning">Only the root user has this page. IAM users manage their MFA devices under IAM, Users.</Alert>
      )}
    </SpaceBetween>
  );
}
