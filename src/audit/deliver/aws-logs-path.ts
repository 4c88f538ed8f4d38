/** Where a trail's objects for one account live: `[prefix/]AWSLogs/[orgId/]accountId/`. */
export interface AccountLocation {
  /** The trail's S3KeyPrefix, stored without a trailing slash (validate-logs joins with '/'). */
  prefix?: string;
  /** Set for organization trails: member-account trees sit under `AWSLogs/<o-id>/`. */
  organizationId?: string;
  accountId: string;
}

export function awsLogsRoot({ prefix, organizationId, accountId }: AccountLocation): string {
  const org = organizationId ? `${organizationId}/` : '';
  return `${prefix ? `${prefix}/` : ''}AWSLogs/${org}${accountId}/`;
}
