import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import ColumnLayout from '@cloudscape-design/components/column-layout';
import Container from '@cloudscape-design/components/container';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Modal from '@cloudscape-design/components/modal';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import StatusIndicator from '@cloudscape-design/components/status-indicator';
import Table from '@cloudscape-design/components/table';
import { aws } from '../api';
import { navigate } from '../router';
import { formatTime, stateType } from '../format';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';
import type { Cluster, Hsm } from './types';
import { InitializeCluster } from './InitializeCluster';
import { ManageTags } from './ManageTags';
import { Backups } from './Backups';
import { EditRetention } from './EditRetention';

/** Poll while something is changing, and until the first HSM has produced the cluster's CSR. */
const inProgress = (c: Cluster | undefined) =>
  !!c &&
  (c.State?.endsWith('_IN_PROGRESS') ||
    (c.Hsms ?? []).some((h) => h.State?.endsWith('_IN_PROGRESS')) ||
    (c.State === 'UNINITIALIZED' && (c.Hsms ?? []).length > 0 && !c.Certificates?.ClusterCsr));

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Box variant="awsui-key-label">{label}</Box>
      <div>{children}</div>
    </div>
  );
}

/** The cluster a CreateCluster call just returned, so its page opens on the state AWS answered with. */
const handedOver = new Map<string, Cluster>();
export function showCreated(c: Cluster): void {
  handedOver.set(c.ClusterId, c);
}

/** One cluster: its configuration, live state, and its HSMs (create in an AZ, delete). */
export function ClusterDetail({ clusterId }: { clusterId: string }) {
  const [initial] = useState(() => handedOver.get(clusterId));
  handedOver.delete(clusterId);
  const load = () =>
    aws<{ Clusters?: Cluster[] }>('cloudhsmv2', 'DescribeClusters', { Filters: { clusterIds: [clusterId] } }).then(
      (r) => r.Clusters?.[0] ?? null,
    );
  const { value: cluster, error, reload } = useLoad(load, [clusterId], { pollMs: 1500, poll: (c) => inProgress(c ?? undefined), initial });
  const [actionError, setActionError] = useState<unknown>();
  const [az, setAz] = useState<SelectProps.Option | null>(null);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<Hsm[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirmDeleteCluster, setConfirmDeleteCluster] = useState(false);
  const [managingTags, setManagingTags] = useState(false);

  const act = async (fn: () => Promise<unknown>) => {
    setActionError(undefined);
    try {
      await fn();
    } catch (err) {
      setActionError(err);
    }
    await reload();
  };

  if (cluster === null) return <ErrorAlert error={new Error(`Cluster ${clusterId} was not found.`)} />;
  const azs = Object.keys(cluster?.SubnetMapping ?? {})
    .sort()
    .map((a) => ({ value: a, label: a, description: cluster!.SubnetMapping![a] }));
  const chosenAz = az ?? azs[0] ?? null;

  return (
    <SpaceBetween size="l">
      <Header
        variant="h1"
        description={cluster?.HsmType}
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            {cluster?.State === 'INITIALIZED' && (
              <Button
                data-testid="activate-cluster"
                onClick={() => void act(() => aws('hsmtrail', 'ActivateCluster', { ClusterId: clusterId }).then(() => reload()))}
              >
                Activate
              </Button>
            )}
            <Button
              disabled={!cluster || cluster.State === 'DELETE_IN_PROGRESS'}
              onClick={() => setConfirmDeleteCluster(true)}
              data-testid="delete-cluster"
            >
              Delete cluster
            </Button>
          </SpaceBetween>
        }
      >
        {clusterId}
      </Header>
      <ErrorAlert error={error ?? actionError} onDismiss={actionError ? () => setActionError(undefined) : undefined} />
      <Container
        header={
          <Header variant="h2" actions={<EditRetention cluster={cluster ?? undefined} onDone={() => void reload()} />}>
            Cluster details
          </Header>
        }
      >
        <ColumnLayout columns={3} variant="text-grid">
          <SpaceBetween size="l">
            <Field label="State">
              <span data-testid="cluster-state">
                <StatusIndicator type={stateType(cluster?.State)}>{cluster?.State ?? 'Loading'}</StatusIndicator>
              </span>
            </Field>
            <Field label="HSM type">{cluster?.HsmType ?? '-'}</Field>
          </SpaceBetween>
          <SpaceBetween size="l">
            <Field label="VPC">{cluster?.VpcId ?? '-'}</Field>
            <Field label="Security group">{cluster?.SecurityGroup ?? '-'}</Field>
          </SpaceBetween>
          <SpaceBetween size="l">
            <Field label="Backup retention">
              <span data-testid="cluster-retention">
                {cluster?.BackupRetentionPolicy ? `${cluster.BackupRetentionPolicy.Value} days` : '-'}
              </span>
            </Field>
            <Field label="Created">{formatTime(cluster?.CreateTimestamp)}</Field>
          </SpaceBetween>
        </ColumnLayout>
      </Container>
      <Table
        items={cluster?.Hsms ?? []}
        trackBy="HsmId"
        loading={cluster === undefined}
        selectionType="single"
        selectedItems={selected}
        onSelectionChange={({ detail }) => setSelected(detail.selectedItems)}
        ariaLabels={{ selectionGroupLabel: 'HSMs', itemSelectionLabel: (_, h) => h.HsmId, allItemsSelectionLabel: () => 'all HSMs' }}
        header={
          <Header
            variant="h2"
            counter={`(${cluster?.Hsms?.length ?? 0})`}
            actions={
              <SpaceBetween direction="horizontal" size="xs" alignItems="end">
                <Button disabled={selected.length === 0} onClick={() => setConfirmDelete(true)} data-testid="delete-hsm">
                  Delete HSM
                </Button>
                <FormField label="Availability Zone">
                  <div data-testid="hsm-az">
                    <Select selectedOption={chosenAz} options={azs} onChange={({ detail }) => setAz(detail.selectedOption)} />
                  </div>
                </FormField>
                <Button
                  variant="primary"
                  loading={creating}
                  disabled={!chosenAz}
                  data-testid="create-hsm"
                  onClick={() => {
                    setCreating(true);
                    void act(() => aws('cloudhsmv2', 'CreateHsm', { ClusterId: clusterId, AvailabilityZone: chosenAz!.value })).finally(
                      () => setCreating(false),
                    );
                  }}
                >
                  Create HSM
                </Button>
              </SpaceBetween>
            }
          >
            HSMs
          </Header>
        }
        empty={<Box textAlign="center">No HSMs in this cluster</Box>}
        columnDefinitions={[
          { id: 'id', header: 'HSM ID', cell: (h) => h.HsmId },
          { id: 'state', header: 'State', cell: (h) => <StatusIndicator type={stateType(h.State)}>{h.State}</StatusIndicator> },
          { id: 'az', header: 'Availability Zone', cell: (h) => h.AvailabilityZone },
          { id: 'subnet', header: 'Subnet', cell: (h) => h.SubnetId },
          { id: 'ip', header: 'ENI IP address', cell: (h) => h.EniIp ?? '-' },
        ]}
      />
      <Backups clusterId={clusterId} />
      {cluster?.State === 'UNINITIALIZED' && <InitializeCluster cluster={cluster} onDone={() => void reload()} />}
      <Container
        header={
          <Header
            variant="h2"
            actions={
              <Button disabled={!cluster} onClick={() => setManagingTags(true)} data-testid="manage-tags">
                Manage tags
              </Button>
            }
          >
            Tags
          </Header>
        }
      >
        {(cluster?.TagList ?? []).length === 0 ? (
          <Box>No tags</Box>
        ) : (
          <ColumnLayout columns={4} variant="text-grid">
            {cluster!.TagList!.map((t) => (
              <Field key={t.Key} label={t.Key}>
                {t.Value}
              </Field>
            ))}
          </ColumnLayout>
        )}
      </Container>
      <Modal
        visible={confirmDelete}
        onDismiss={() => setConfirmDelete(false)}
        header="Delete HSM"
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirmDelete(false)}>
                Cancel
              </Button>
              <Button
                variant="primary"
                data-testid="confirm-delete-hsm"
                onClick={() => {
                  setConfirmDelete(false);
                  const hsm = selected[0]!;
                  setSelected([]);
                  void act(() => aws('cloudhsmv2', 'DeleteHsm', { ClusterId: clusterId, HsmId: hsm.HsmId }));
                }}
              >
                Delete
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        Delete {selected[0]?.HsmId} from {clusterId}? Keys on the HSM stay in the cluster's other HSMs and its backups.
      </Modal>
      {managingTags && cluster && (
        <ManageTags
          resourceId={clusterId}
          tags={cluster.TagList ?? []}
          onClose={(changed) => {
            setManagingTags(false);
            if (changed) void reload();
          }}
        />
      )}
      <Modal
        visible={confirmDeleteCluster}
        onDismiss={() => setConfirmDeleteCluster(false)}
        header="Delete cluster"
        footer={
          <Box float="right">
            <SpaceBetween direction="horizontal" size="xs">
              <Button variant="link" onClick={() => setConfirmDeleteCluster(false)}>
                Cancel
              </Button>
              <Button
                variant="primary"
                data-testid="confirm-delete-cluster"
                onClick={() => {
                  setConfirmDeleteCluster(false);
                  void act(async () => {
                    await aws('cloudhsmv2', 'DeleteCluster', { ClusterId: clusterId });
                    navigate('/cloudhsm/clusters');
                  });
                }}
              >
                Delete
              </Button>
            </SpaceBetween>
          </Box>
        }
      >
        Delete {clusterId}? A cluster can be deleted only when it has no HSMs; its backups are kept.
      </Modal>
    </SpaceBetween>
  );
}
