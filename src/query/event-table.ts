/** The readable one-line-per-event form `hsmtrail events` prints by default. */
interface RecordView {
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  errorCode?: string;
  userIdentity: { type: string; userName?: string; arn?: string; principalId?: string; accessKeyId?: string };
}

export const TABLE_HEADER = ['TIME', 'USER', 'SOURCE IP', 'REGION', 'EVENT', 'ERROR'];

export function tableRow(recordJson: string): string[] {
  const r = JSON.parse(recordJson) as RecordView;
  return [
    r.eventTime,
    who(r.userIdentity),
    r.sourceIPAddress,
    r.awsRegion,
    `${r.eventSource.replace(/\.amazonaws\.com$/, '')}:${r.eventName}`,
    r.errorCode ?? '',
  ];
}

function who(id: RecordView['userIdentity']): string {
  if (id.type === 'Root') return 'root';
  if (id.type === 'IAMUser') return id.userName ?? id.arn ?? '';
  if (id.type === 'AssumedRole') return id.arn?.split(':assumed-role/')[1] ?? id.principalId ?? '';
  return `${id.type}${id.accessKeyId ? ` (${id.accessKeyId})` : ''}`;
}

/** Left-aligned columns, widths from the rows given. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
