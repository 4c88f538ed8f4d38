import Box from '@cloudscape-design/components/box';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../api';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';

/** Who the console's calls run as: STS GetCallerIdentity with the session's credentials. */
export function IdentityPage() {
  const { value, error } = useLoad(() => aws<{ UserId?: string; Account?: string; Arn?: string }>('sts', 'GetCallerIdentity', {}), []);
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="sts:GetCallerIdentity, called with this console session's temporary credentials">
        Signed-in identity
      </Header>
      <ErrorAlert error={error} />
      <Container>
        <ColumnLayout columns={3} variant="text-grid">
          {(['Account', 'UserId', 'Arn'] as const).map((k) => (
            <div key={k}>
              <Box variant="awsui-key-label">{k}</Box>
              <div data-testid={`identity-${k}`}>{value?.[k] ?? '-'}</div>
            </div>
          ))}
        </ColumnLayout>
      </Container>
    </SpaceBetween>
  );
}
