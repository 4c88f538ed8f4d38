/** Store rows → IAM's wire shapes. Policy documents leave IAM URL-encoded (RFC 3986), as AWS sends them. */
import type { GroupRow, ManagedPolicyRow, RoleRow, UserRow } from '../../identity/store/rows.js';

export function encodeDocument(document: string): string {
  return encodeURIComponent(document).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

export const date = (iso: string): Date => new Date(iso);

export function userShape(u: UserRow, tags?: Array<{ Key: string; Value: string }>) {
  return {
    Path: u.path,
    UserName: u.name,
    UserId: u.userId,
    Arn: u.arn,
    CreateDate: date(u.createDate),
    ...(tags?.length ? { Tags: tags } : {}),
  };
}

export function groupShape(g: GroupRow) {
  return { Path: g.path, GroupName: g.name, GroupId: g.groupId, Arn: g.arn, CreateDate: date(g.createDate) };
}

export function roleShape(r: RoleRow, tags?: Array<{ Key: string; Value: string }>) {
  return {
    Path: r.path,
    RoleName: r.name,
    RoleId: r.roleId,
    Arn: r.arn,
    CreateDate: date(r.createDate),
    AssumeRolePolicyDocument: encodeDocument(r.trustPolicy),
    ...(r.description !== undefined ? { Description: r.description } : {}),
    MaxSessionDuration: r.maxSessionDuration,
    ...(tags?.length ? { Tags: tags } : {}),
  };
}

export function policyShape(
  p: ManagedPolicyRow,
  attachmentCount: number,
  withDescription = false,
  tags?: Array<{ Key: string; Value: string }>,
) {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersion,
    AttachmentCount: attachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...(withDescription && p.description ? { Description: p.description } : {}),
    CreateDate: date(p.createDate),
    UpdateDate: date(p.updateDate),
    ...(tags?.length ? { Tags: tags } : {}),
  };
}
