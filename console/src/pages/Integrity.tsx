import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { consoleApi } from '../api';
import { ErrorAlert } from './ErrorAlert';
import type { Trail } from './TrailDetail';

interface Count {
  valid: number;
  invalid: number;
  total: number;
}
interface FileResult {
  kind: 'digest' | 'log';
  backfill: boolean;
  uri: string;
  valid: boolean;
  reason?: string;
}
interface Report {
  digests: FileResult[];
  logFiles: FileResult[];
  summary: { digests: Count; backfillDigests: Count; logFiles: Count };
  summaryText: string;
  exitCode: 0 | 1;
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function Counts({ label, count, testId }: { label: string; count: Count; testId: string }) {
  return (
    <div data-testid={testId}>
      <Box variant="awsui-key-label">{label}</Box>
      <StatusIndicator type={count.invalid ? 'error' : count.total ? 'success' : 'info'}>
        {count.valid}/{count.total} valid{count.invalid ? `, ${count.invalid} INVALID` : ''}
      </StatusIndicator>
    </div>
  );
}

/**
 * Log file integrity validation, as `aws cloudtrail validate-logs --verbose`: the backend runs the same
 * digest-chain traverser with this session's credentials (ListPublicKeys, ListObjectsV2, GetObject through
 * the gateway) and the page lists each digest and log file with awscli's result.
 */
export function Integrity({ trail, since }: { trail: Trail; since?: string }) {
  const [start, setStart] = useState(() => iso(since ? new Date(since) : new Date(Date.now() - 3600_000)));
  const [end, setEnd] = useState('');
  const [report, setReport] = useState<Report>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const validate = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const endTime = end.trim() || iso(new Date());
      setReport(await consoleApi<Report>('validate-logs', { TrailARN: trail.TrailARN, StartTime: start.trim(), EndTime: endTime }));
    } catch (err) {
      setError(err);
      setReport(undefined);
    } finally {
      setBusy(false);
    }
  };
  const files = report ? [...report.digests, ...report.logFiles] : [];
  return (
    <SpaceBetween size="s">
      <ErrorAlert error={error} />
      <Table
        items={files}
        loading={busy}
        loadingText="Validating digest and log files"
        trackBy={(f) => `${f.kind} ${f.uri}`}
        header={
          <Header
            variant="h2"
            description="Checks each digest file's signature and each log file's SHA-256 hash, like aws cloudtrail validate-logs"
            actions={
              <Button
                variant="primary"
                loading={busy}
                disabled={!trail.LogFileValidationEnabled}
                onClick={() => void validate()}
                data-testid="validate-logs"
              >
                Validate
              </Button>
            }
          >
            Log file integrity
          </Header>
        }
        filter={
          <SpaceBetween size="s">
            <SpaceBetween direction="horizontal" size="xs">
              <FormField label="Start time (UTC)">
                <Input value={start} onChange={({ detail }) => setStart(detail.value)} data-testid="validate-start" />
              </FormField>
              <FormField label="End time (UTC)" description="Empty: now">
                <Input value={end} onChange={({ detail }) => setEnd(detail.value)} placeholder="now" data-testid="validate-end" />
              </FormField>
            </SpaceBetween>
            {report && (
              <ColumnLayout columns={3} variant="text-grid">
                <Counts label="Digest files" count={report.summary.digests} testId="digest-count" />
                <Counts label="Backfill digest files" count={report.summary.backfillDigests} testId="backfill-count" />
                <Counts label="Log files" count={report.summary.logFiles} testId="log-count" />
              </ColumnLayout>
            )}
            {report && (
              <Box variant="code">
                <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="validate-summary">
                  {report.summaryText}
                </pre>
              </Box>
            )}
          </SpaceBetween>
        }
        empty={<Box textAlign="center">{report ? 'No digest files in this range' : 'Choose a range and validate'}</Box>}
        columnDefinitions={[
          {
            id: 'kind',
            header: 'File',
            cell: (f) => (
              <span data-testid="validated-kind">
                {f.kind === 'log' ? 'Log file' : f.backfill ? '(backfill) Digest file' : 'Digest file'}
              </span>
            ),
          },
          { id: 'uri', header: 'S3 object', cell: (f) => <span data-testid="validated-uri">{f.uri}</span> },
          {
            id: 'result',
            header: 'Result',
            cell: (f) => (
              <span data-testid="validated-result">
                <StatusIndicator type={f.valid ? 'success' : 'error'}>{f.valid ? 'valid' : `INVALID: ${f.reason ?? ''}`}</StatusIndicator>
              </span>
            ),
          },
        ]}
      />
    </SpaceBetween>
  );
}
