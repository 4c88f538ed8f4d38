import { useState } from 'react';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import FormField from '@cloudscape-design/components/form-field';
import Header from '@cloudscape-design/components/header';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import Table from '@cloudscape-design/components/table';
import { aws } from '../../api';
import { formatTime } from '../../format';
import { ErrorAlert } from '../ErrorAlert';
import { useLoad } from '../useAws';
import { listAll } from './list';

interface Device {
  SerialNumber: string;
  EnableDate?: string;
}

/**
 * How the root user's MFA calls name it (as CloudTrail records them): only a root console session
 * may; root lists its own devices by naming no user.
 */
const ROOT_USER_NAME = 'AWS ROOT USER';
const ROOT_DEVICE_NAME = 'root-account-mfa-device';

/**
 * MFA devices: assign a virtual device (QR code and seed, then two consecutive codes), list, remove.
 * Without `userName`: the signed-in root user's own devices.
 */
export function MfaDevices({ userName }: { userName?: string }) {
  const listInput = userName === undefined ? {} : { UserName: userName };
  const devices = useLoad(() => listAll<Device>('ListMFADevices', 'MFADevices', listInput), [userName]);
  const owner = userName ?? ROOT_USER_NAME;
  const [assigning, setAssigning] = useState(false);
  const [error, setError] = useState<unknown>();
  const remove = async (d: Device) => {
    setError(undefined);
    try {
      await aws('iam', 'DeactivateMFADevice', { UserName: owner, SerialNumber: d.SerialNumber });
      await aws('iam', 'DeleteVirtualMFADevice', { SerialNumber: d.SerialNumber });
    } catch (err) {
      setError(err);
    }
    await devices.reload();
  };
  return (
    <SpaceBetween size="s">
      <ErrorAlert error={devices.error ?? error} />
      <Table
        items={devices.value ?? []}
        loading={devices.loading}
        loadingText="Loading MFA devices"
        trackBy="SerialNumber"
        header={
          <Header
            variant="h2"
            counter={devices.value ? `(${devices.value.length})` : undefined}
            description="Virtual MFA devices (TOTP authenticator apps)"
            actions={
              <Button onClick={() => setAssigning(true)} data-testid="assign-mfa">
                Assign MFA device
              </Button>
            }
          >
            Multi-factor authentication (MFA)
          </Header>
        }
        empty={<Box textAlign="center">No MFA devices</Box>}
        columnDefinitions={[
          { id: 'serial', header: 'Identifier', cell: (d) => d.SerialNumber },
          { id: 'enabled', header: 'Assigned', cell: (d) => formatTime(d.EnableDate) },
          {
            id: 'remove',
            header: 'Actions',
            cell: (d) => (
              <Button variant="inline-link" ariaLabel={`Remove ${d.SerialNumber}`} onClick={() => void remove(d)}>
                Remove
              </Button>
            ),
          },
        ]}
      />
      {assigning && (
        <AssignMfa
          userName={owner}
          deviceName={userName ?? ROOT_DEVICE_NAME}
          onClose={() => {
            setAssigning(false);
            void devices.reload();
          }}
        />
      )}
    </SpaceBetween>
  );
}

interface Created {
  SerialNumber: string;
  Base32StringSeed: string;
  QRCodePNG: string;
}

function AssignMfa({ userName, deviceName, onClose }: { userName: string; deviceName: string; onClose: () => void }) {
  const [name, setName] = useState(deviceName);
  const [device, setDevice] = useState<Created>();
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const step = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const create = () =>
    step(async () => {
      // The bridge hands blobs over as base64: the seed is base32 text, the QR code a PNG.
      const { VirtualMFADevice } = await aws<{ VirtualMFADevice: Created }>('iam', 'CreateVirtualMFADevice', {
        VirtualMFADeviceName: name.trim(),
      });
      setDevice(VirtualMFADevice);
    });
  const enable = () =>
    step(async () => {
      await aws('iam', 'EnableMFADevice', {
        UserName: userName,
        SerialNumber: device!.SerialNumber,
        AuthenticationCode1: code1.trim(),
        AuthenticationCode2: code2.trim(),
      });
      onClose();
    });
  // A device created but never enabled is deleted again, so no unassigned device is left behind.
  const cancel = () => {
    if (device) void aws('iam', 'DeleteVirtualMFADevice', { SerialNumber: device.SerialNumber }).catch(() => undefined);
    onClose();
  };
  return (
    <Modal
      visible
      onDismiss={cancel}
      header="Assign MFA device"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={cancel}>
              Cancel
            </Button>
            {device ? (
              <Button variant="primary" loading={busy} disabled={!code1 || !code2} onClick={() => void enable()} data-testid="enable-mfa">
                Add MFA
              </Button>
            ) : (
              <Button variant="primary" loading={busy} disabled={!name.trim()} onClick={() => void create()} data-testid="create-mfa">
                Next
              </Button>
            )}
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="l">
        {!device ? (
          <FormField label="Device name" description="Letters, digits and +=,.@-_; unique in the account.">
            <Input value={name} onChange={({ detail }) => setName(detail.value)} data-testid="mfa-device-name" />
          </FormField>
        ) : (
          <>
            <Box>Scan the QR code with an authenticator app, or enter the secret key by hand.</Box>
            <img
              src={`data:image/png;base64,${device.QRCodePNG}`}
              alt="QR code of the virtual MFA device's secret"
              width={200}
              height={200}
              data-testid="mfa-qr"
            />
            <FormField label="Secret key">
              <code data-testid="mfa-seed" style={{ wordBreak: 'break-all' }}>
                {atob(device.Base32StringSeed)}
              </code>
            </FormField>
            <FormField label="MFA code 1">
              <Input value={code1} onChange={({ detail }) => setCode1(detail.value)} inputMode="numeric" data-testid="mfa-code-1" />
            </FormField>
            <FormField label="MFA code 2" description="Wait for the next code, then enter it.">
              <Input value={code2} onChange={({ detail }) => setCode2(detail.value)} inputMode="numeric" data-testid="mfa-code-2" />
            </FormField>
          </>
        )}
        <ErrorAlert error={error} />
      </SpaceBetween>
    </Modal>
  );
}
