import type { StatusIndicatorProps } from '@cloudscape-design/components/status-indicator';

/** How the AWS console shows CloudHSM states: in progress, success, error, stopped. */
export function stateType(state: string | undefined): StatusIndicatorProps.Type {
  if (!state) return 'pending';
  if (state.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (state === 'ACTIVE' || state === 'INITIALIZED' || state === 'READY') return 'success';
  if (state === 'DEGRADED') return 'warning';
  if (state === 'DELETED' || state === 'PENDING_DELETION') return 'stopped';
  if (state === 'UNINITIALIZED') return 'info';
  return 'pending';
}

export function formatTime(t: string | Date | undefined): string {
  if (!t) return '-';
  const d = typeof t === 'string' ? new Date(t) : t;
  return Number.isNaN(d.getTime())
    ? String(t)
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d{3}Z$/, ' UTC');
}
