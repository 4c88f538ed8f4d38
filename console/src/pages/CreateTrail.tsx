import { useState } from 'react';
import Button from '@cloudscape-design/components/button';
import Checkbox from '@cloudscape-design/components/checkbox';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import RadioGroup from '@cloudscape-design/components/radio-group';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws, consoleApi } from '../api';
import { navigate } from '../router';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';

/**
 * CreateTrail with its bucket, as the AWS console's "Create trail": a new bucket (CreateBucket) or an
 * existing one (ListBuckets), and AWS's CloudTrail bucket policy written with PutBucketPolicy, then
 * CreateTrail and, if asked, StartLogging. Each step is a call of the signed-in identity.
 */
export function CreateTrail() {
  const buckets = useLoad(() => aws<{ Buckets?: { Name: string }[] }>('s3', 'ListBuckets', {}).then((r) => r.Buckets ?? []), []);
  const [name, setName] = useState('');
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [newBucket, setNewBucket] = useState('');
  const [existing, setExisting] = useState<SelectProps.Option | null>(null);
  const [writePolicy, setWritePolicy] = useState(true);
  const [prefix, setPrefix] = useState('');
  const [validation, setValidation] = useState(true);
  const [start, setStart] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const bucket = mode === 'new' ? newBucket.trim() : (existing?.value ?? '');

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const Name = name.trim();
      const S3KeyPrefix = prefix.trim() || undefined;
      if (mode === 'new') await aws('s3', 'CreateBucket', { Bucket: bucket });
      if (mode === 'new' || writePolicy) {
        const { Policy } = await consoleApi<{ Policy: string }>('trail-bucket-policy', {
          Bucket: bucket,
          TrailName: Name,
          Prefix: S3KeyPrefix,
        });
        await aws('s3', 'PutBucketPolicy', { Bucket: bucket, Policy });
      }
      const trail = await aws<{ TrailARN: string }>('cloudtrail', 'CreateTrail', {
        Name,
        S3BucketName: bucket,
        S3KeyPrefix,
        EnableLogFileValidation: validation,
      });
      if (start) await aws('cloudtrail', 'StartLogging', { Name: trail.TrailARN });
      navigate(`/cloudtrail/trails/${encodeURIComponent(Name)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <Form
        header={
          <Header variant="h1" description="Deliver this account's events to an S3 bucket, with digest files for integrity validation">
            Create trail
          </Header>
        }
        errorText={error ? <ErrorAlert error={error} /> : undefined}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={() => navigate('/cloudtrail/trails')}>
              Cancel
            </Button>
            <Button
              variant="primary"
              loading={busy}
              disabled={!name.trim() || !bucket}
              onClick={() => void submit()}
              data-testid="create-trail-submit"
            >
              Create trail
            </Button>
          </SpaceBetween>
        }
      >
        <Container header={<Header variant="h2">Trail attributes</Header>}>
          <SpaceBetween size="l">
            <FormField label="Trail name" description="3-128 letters, digits, periods, underscores or hyphens">
              <Input value={name} onChange={({ detail }) => setName(detail.value)} data-testid="trail-name" />
            </FormField>
            <FormField label="Storage location">
              <RadioGroup
                value={mode}
                onChange={({ detail }) => setMode(detail.value as 'new' | 'existing')}
                items={[
                  { value: 'new', label: 'Create new S3 bucket', description: "With CloudTrail's bucket policy" },
                  { value: 'existing', label: 'Use existing S3 bucket' },
                ]}
              />
            </FormField>
            {mode === 'new' ? (
              <FormField label="Trail log bucket name" description="A new bucket in this account">
                <Input value={newBucket} onChange={({ detail }) => setNewBucket(detail.value)} data-testid="new-bucket" />
              </FormField>
            ) : (
              <SpaceBetween size="s">
                <FormField label="Bucket" errorText={buckets.error ? String((buckets.error as Error).message) : undefined}>
                  <Select
                    selectedOption={existing}
                    onChange={({ detail }) => setExisting(detail.selectedOption)}
                    options={(buckets.value ?? []).map((b) => ({ value: b.Name, label: b.Name }))}
                    statusType={buckets.loading ? 'loading' : 'finished'}
                    placeholder="Choose a bucket"
                    data-testid="existing-bucket"
                  />
                </FormField>
                <Checkbox checked={writePolicy} onChange={({ detail }) => setWritePolicy(detail.checked)}>
                  Replace the bucket policy with CloudTrail's bucket policy
                </Checkbox>
              </SpaceBetween>
            )}
            <FormField label="Prefix - optional" description="Key prefix before AWSLogs/">
              <Input value={prefix} onChange={({ detail }) => setPrefix(detail.value)} data-testid="trail-prefix" />
            </FormField>
            <Checkbox checked={validation} onChange={({ detail }) => setValidation(detail.checked)}>
              Log file validation (hourly signed digest files)
            </Checkbox>
            <Checkbox checked={start} onChange={({ detail }) => setStart(detail.checked)}>
              Start logging now
            </Checkbox>
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}
