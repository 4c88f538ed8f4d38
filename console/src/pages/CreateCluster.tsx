import { useMemo, useState } from 'react';
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Button from '@cloudscape-design/components/button';
import Container from '@cloudscape-design/components/container';
import Form from '@cloudscape-design/components/form';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Select, { type SelectProps } from '@cloudscape-design/components/select';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../api';
import { navigate } from '../router';
import { ErrorAlert } from './ErrorAlert';
import { useLoad } from './useAws';
import type { Cluster } from './types';
import { showCreated } from './ClusterDetail';

interface Subnet {
  SubnetId: string;
  VpcId: string;
  AvailabilityZone: string;
  CidrBlock: string;
}

const HSM_TYPES: SelectProps.Option[] = [
  { value: 'hsm2m.medium', label: 'hsm2m.medium', description: 'Current generation' },
  { value: 'hsm1.medium', label: 'hsm1.medium', description: 'Previous generation (end of support)' },
];
const NONE: SelectProps.Option = { value: '', label: 'No subnet in this Availability Zone' };

/** CreateCluster: HSM type, one subnet per Availability Zone of a VPC (EC2 DescribeSubnets), backup retention, tags. */
export function CreateCluster() {
  const subnets = useLoad(() => aws<{ Subnets?: Subnet[] }>('ec2', 'DescribeSubnets', {}).then((r) => r.Subnets ?? []), []);
  const [hsmType, setHsmType] = useState<SelectProps.Option>(HSM_TYPES[0]!);
  const [vpc, setVpc] = useState<SelectProps.Option | null>(null);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [retention, setRetention] = useState('90');
  // "Create cluster from backup" on a backup opens this page with ?backup=<id>.
  const [sourceBackup, setSourceBackup] = useState(() => new URLSearchParams(window.location.search).get('backup') ?? '');
  const [tags, setTags] = useState<{ key: string; value: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const vpcs = useMemo(() => [...new Set((subnets.value ?? []).map((s) => s.VpcId))].map((v) => ({ value: v, label: v })), [subnets.value]);
  const vpcId = vpc?.value ?? vpcs[0]?.value;
  const byAz = useMemo(() => {
    const m = new Map<string, Subnet[]>();
    for (const s of subnets.value ?? []) if (s.VpcId === vpcId) m.set(s.AvailabilityZone, [...(m.get(s.AvailabilityZone) ?? []), s]);
    return [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
  }, [subnets.value, vpcId]);

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const SubnetIds = byAz.map(([az]) => chosen[`${vpcId}/${az}`]).filter((s): s is string => !!s);
      const { Cluster } = await aws<{ Cluster: Cluster }>('cloudhsmv2', 'CreateCluster', {
        HsmType: hsmType.value,
        SubnetIds,
        BackupRetentionPolicy: { Type: 'DAYS', Value: retention.trim() },
        ...(sourceBackup.trim() ? { SourceBackupId: sourceBackup.trim() } : {}),
        ...(tags.length ? { TagList: tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
      });
      showCreated(Cluster);
      navigate(`/cloudhsm/clusters/${Cluster.ClusterId}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <Form
        header={
          <Header variant="h1" description="A cluster of HSMs in the subnets of one VPC">
            Create cluster
          </Header>
        }
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" variant="link" onClick={() => navigate('/cloudhsm/clusters')}>
              Cancel
            </Button>
            <Button variant="primary" formAction="submit" loading={busy} data-testid="create-submit">
              Create cluster
            </Button>
          </SpaceBetween>
        }
      >
        <SpaceBetween size="l">
          <ErrorAlert error={error ?? subnets.error} />
          <Container header={<Header variant="h2">Cluster configuration</Header>}>
            <SpaceBetween size="l">
              <FormField label="HSM type">
                <div data-testid="hsm-type">
                  <Select selectedOption={hsmType} options={HSM_TYPES} onChange={({ detail }) => setHsmType(detail.selectedOption)} />
                </div>
              </FormField>
              <FormField label="VPC" description="The cluster's HSMs get network interfaces in subnets of this VPC.">
                <div data-testid="vpc">
                  <Select
                    selectedOption={vpcs.find((v) => v.value === vpcId) ?? null}
                    options={vpcs}
                    statusType={subnets.loading ? 'loading' : 'finished'}
                    placeholder="Choose a VPC"
                    onChange={({ detail }) => setVpc(detail.selectedOption)}
                  />
                </div>
              </FormField>
              {byAz.map(([az, list]) => {
                const key = `${vpcId}/${az}`;
                const options = [NONE, ...list.map((s) => ({ value: s.SubnetId, label: s.SubnetId, description: s.CidrBlock }))];
                return (
                  <FormField key={key} label={`Subnet in ${az}`}>
                    <div data-testid={`subnet-${az}`}>
                      <Select
                        selectedOption={options.find((o) => o.value === (chosen[key] ?? '')) ?? NONE}
                        options={options}
                        onChange={({ detail }) => setChosen({ ...chosen, [key]: detail.selectedOption.value ?? '' })}
                      />
                    </div>
                  </FormField>
                );
              })}
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Backup retention</Header>}>
            <SpaceBetween size="l">
              <FormField label="Backup retention period (days)" description="7 to 379 days.">
                <Input type="number" value={retention} onChange={({ detail }) => setRetention(detail.value)} data-testid="retention" />
              </FormField>
              <FormField label="Source backup - optional" description="Create the cluster from this backup (SourceBackupId).">
                <Input value={sourceBackup} onChange={({ detail }) => setSourceBackup(detail.value)} data-testid="source-backup" />
              </FormField>
            </SpaceBetween>
          </Container>
          <Container header={<Header variant="h2">Tags</Header>}>
            <AttributeEditor
              items={tags}
              addButtonText="Add new tag"
              removeButtonText="Remove"
              empty="No tags associated with the resource."
              onAddButtonClick={() => setTags([...tags, { key: '', value: '' }])}
              onRemoveButtonClick={({ detail }) => setTags(tags.filter((_, i) => i !== detail.itemIndex))}
              definition={[
                {
                  label: 'Key',
                  control: (item, i) => (
                    <Input
                      value={item.key}
                      ariaLabel="Tag key"
                      onChange={({ detail }) => setTags(tags.map((t, j) => (j === i ? { ...t, key: detail.value } : t)))}
                    />
                  ),
                },
                {
                  label: 'Value',
                  control: (item, i) => (
                    <Input
                      value={item.value}
                      ariaLabel="Tag value"
                      onChange={({ detail }) => setTags(tags.map((t, j) => (j === i ? { ...t, value: detail.value } : t)))}
                    />
                  ),
                },
              ]}
            />
          </Container>
        </SpaceBetween>
      </Form>
    </form>
  );
}
