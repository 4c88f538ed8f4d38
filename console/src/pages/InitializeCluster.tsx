import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import FileUpload from '@cloudscape-design/components/file-upload';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../api';
import { ErrorAlert } from './ErrorAlert';
import type { Cluster } from './types';

/** The browser saves the CSR under the name the AWS console gives it: <cluster ID>_ClusterCsr.csr. */
function downloadCsr(cluster: Cluster): void {
  const url = URL.createObjectURL(new Blob([cluster.Certificates!.ClusterCsr!], { type: 'application/pkcs10' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${cluster.ClusterId}_ClusterCsr.csr`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Initialization (CloudHSM User Guide, "Initialize the cluster"): download the cluster's CSR, sign it
 * with your CA, upload the signed certificate and the CA's certificate (the trust anchor).
 * InitializeCluster checks both; its validation errors are shown as the API words them.
 */
export function InitializeCluster({ cluster, onDone }: { cluster: Cluster; onDone: () => void }) {
  const [cert, setCert] = useState<File[]>([]);
  const [anchor, setAnchor] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const csr = cluster.Certificates?.ClusterCsr;

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const [SignedCert, TrustAnchor] = await Promise.all([cert[0]!.text(), anchor[0]!.text()]);
      await aws('cloudhsmv2', 'InitializeCluster', { ClusterId: cluster.ClusterId, SignedCert, TrustAnchor });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container
      header={
        <Header variant="h2" description="Sign the cluster's certificate signing request with your issuing CA, then upload the results.">
          Initialize cluster
        </Header>
      }
    >
      <SpaceBetween size="l">
        {csr ? (
          <Button iconName="download" onClick={() => downloadCsr(cluster)} data-testid="download-csr">
            Cluster CSR
          </Button>
        ) : (
          <Box color="text-status-inactive">The CSR is available once the cluster has an HSM.</Box>
        )}
        <div data-testid="signed-cert">
          <FormField label="Cluster certificate" description="The CSR signed by your issuing certificate (PEM).">
            <FileUpload
              value={cert}
              onChange={({ detail }) => setCert(detail.value)}
              accept=".crt,.pem,.cer"
              showFileSize
              i18nStrings={{ uploadButtonText: () => 'Choose file' }}
            />
          </FormField>
        </div>
        <div data-testid="trust-anchor">
          <FormField label="Issuing certificate" description="Your CA's certificate: the cluster's trust anchor (PEM).">
            <FileUpload
              value={anchor}
              onChange={({ detail }) => setAnchor(detail.value)}
              accept=".crt,.pem,.cer"
              showFileSize
              i18nStrings={{ uploadButtonText: () => 'Choose file' }}
            />
          </FormField>
        </div>
        <ErrorAlert error={error} />
        <Button
          variant="primary"
          disabled={!csr || !cert.length || !anchor.length}
          loading={busy}
          onClick={() => void submit()}
          data-testid="initialize"
        >
          Upload and initialize
        </Button>
      </SpaceBetween>
    </Container>
  );
}
