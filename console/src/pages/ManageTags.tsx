import { useState } from 'react';
import AttributeEditor from '@cloudscape-design/components/attribute-editor';
import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Input from '@cloudscape-design/components/input';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';
import { aws } from '../api';
import { ErrorAlert } from './ErrorAlert';

type Tag = { Key: string; Value: string };

/** Edits a CloudHSM resource's tags: removed keys go to UntagResource, new or changed ones to TagResource. */
export function ManageTags({ resourceId, tags, onClose }: { resourceId: string; tags: Tag[]; onClose: (changed: boolean) => void }) {
  const [items, setItems] = useState<Tag[]>(tags.map((t) => ({ ...t })));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = (i: number, patch: Partial<Tag>) => setItems(items.map((t, j) => (j === i ? { ...t, ...patch } : t)));

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const wanted = items.filter((t) => t.Key.trim() !== '').map((t) => ({ Key: t.Key.trim(), Value: t.Value }));
      const removed = tags.filter((t) => !wanted.some((w) => w.Key === t.Key)).map((t) => t.Key);
      const changed = wanted.filter((w) => !tags.some((t) => t.Key === w.Key && t.Value === w.Value));
      if (removed.length) await aws('cloudhsmv2', 'UntagResource', { ResourceId: resourceId, TagKeyList: removed });
      if (changed.length) await aws('cloudhsmv2', 'TagResource', { ResourceId: resourceId, TagList: changed });
      onClose(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      visible
      size="large"
      onDismiss={() => onClose(false)}
      header="Manage tags"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={() => onClose(false)}>
              Cancel
            </Button>
            <Button variant="primary" loading={busy} onClick={() => void save()} data-testid="save-tags">
              Save changes
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      <SpaceBetween size="l">
        <AttributeEditor
          items={items}
          addButtonText="Add new tag"
          removeButtonText="Remove"
          empty="No tags associated with the resource."
          onAddButtonClick={() => setItems([...items, { Key: '', Value: '' }])}
          onRemoveButtonClick={({ detail }) => setItems(items.filter((_, i) => i !== detail.itemIndex))}
          definition={[
            {
              label: 'Key',
              control: (t, i) => <Input value={t.Key} ariaLabel="Tag key" onChange={({ detail }) => set(i, { Key: detail.value })} />,
            },
            {
              label: 'Value',
              control: (t, i) => <Input value={t.Value} ariaLabel="Tag value" onChange={({ detail }) => set(i, { Value: detail.value })} />,
            },
          ]}
        />
        <ErrorAlert error={error} />
      </SpaceBetween>
    </Modal>
  );
}
