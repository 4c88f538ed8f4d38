import Alert from '@cloudscape-design/components/alert';
import { AwsError } from '../api';

/** AWS's own error code and message, as the API returned them. */
export function ErrorAlert({ error, onDismiss }: { error: unknown; onDismiss?: () => void }) {
  if (!error) return null;
  const code = error instanceof AwsError ? error.code : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert type="error" header={code} dismissible={!!onDismiss} onDismiss={onDismiss} data-testid="error-alert">
      {message}
    </Alert>
  );
}
