import type { StoreCore } from './core.js';
import type { GroupRow, LoginProfileRow, RoleRow, TagTarget, UserRow } from './rows.js';

const USER_COLS = 'user_id AS userId, name, path, arn, create_date AS createDate';
const GROUP_COLS = 'group_id AS groupId, name, path, arn, create_date AS createDate';
const ROLE_COLS =
  'role_id AS roleId, name, path, arn, create_date AS createDate, trust_policy AS trustPolicy, description, max_session_duration AS maxSessionDuration';

const clean = <T extends object>(row: T | undefined): T | undefined => {
  if (!row) return row;
  for (const k of Object.keys(row) as (keyof T)[]) if (row[k] === null) delete row[k];
  return row;
};

/** Users, groups (with membership), roles, login profiles and tags. */
export class EntityRepo {
  constructor(private readonly c: StoreCore) {}

  // Users
  findUser(name: string): UserRow | undefined {
    return this.c.get<UserRow>(`SELECT ${USER_COLS} FROM iam_users WHERE name = ?`, name);
  }
  userById(userId: string): UserRow | undefined {
    return this.c.get<UserRow>(`SELECT ${USER_COLS} FROM iam_users WHERE user_id = ?`, userId);
  }
  listUsers(): UserRow[] {
    return this.c.all<UserRow>(`SELECT ${USER_COLS} FROM iam_users ORDER BY name COLLATE NOCASE`);
  }
  insertUser(u: UserRow): void {
    this.c.run(
      'INSERT INTO iam_users (user_id, name, path, arn, create_date) VALUES (?, ?, ?, ?, ?)',
      u.userId,
      u.name,
      u.path,
      u.arn,
      u.createDate,
    );
  }
  updateUser(userId: string, name: string, path: string, arn: string): void {
    this.c.run('UPDATE iam_users SET name = ?, path = ?, arn = ? WHERE user_id = ?', name, path, arn, userId);
  }
  deleteUser(userId: string): void {
    this.deleteTags('user', userId);
    this.c.run('DELETE FROM iam_password_history WHERE user_id = ?', userId);
    this.c.run('DELETE FROM iam_users WHERE user_id = ?', userId);
  }

  // Groups
  findGroup(name: string): GroupRow | undefined {
    return this.c.get<GroupRow>(`SELECT ${GROUP_COLS} FROM iam_groups WHERE name = ?`, name);
  }
  listGroups(): GroupRow[] {
    return this.c.all<GroupRow>(`SELECT ${GROUP_COLS} FROM iam_groups ORDER BY name COLLATE NOCASE`);
  }
  insertGroup(g: GroupRow): void {
    this.c.run(
      'INSERT INTO iam_groups (group_id, name, path, arn, create_date) VALUES (?, ?, ?, ?, ?)',
      g.groupId,
      g.name,
      g.path,
      g.arn,
      g.createDate,
    );
  }
  deleteGroup(groupId: string): void {
    this.c.run('DELETE FROM iam_groups WHERE group_id = ?', groupId);
  }
  addMember(groupId: string, userId: string): void {
    this.c.run('INSERT OR IGNORE INTO iam_group_members (group_id, user_id) VALUES (?, ?)', groupId, userId);
  }
  removeMember(groupId: string, userId: string): number {
    return this.c.run('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?', groupId, userId);
  }
  membersOf(groupId: string): UserRow[] {
    return this.c.all<UserRow>(
      `SELECT ${USER_COLS} FROM iam_users
       WHERE user_id IN (SELECT user_id FROM iam_group_members WHERE group_id = ?) ORDER BY name COLLATE NOCASE`,
      groupId,
    );
  }
  groupsOf(userId: string): GroupRow[] {
    return this.c.all<GroupRow>(
      `SELECT ${GROUP_COLS} FROM iam_groups WHERE group_id IN (SELECT group_id FROM iam_group_members WHERE user_id = ?)
       ORDER BY name COLLATE NOCASE`,
      userId,
    );
  }

  // Roles
  findRole(name: string): RoleRow | undefined {
    return clean(this.c.get<RoleRow>(`SELECT ${ROLE_COLS} FROM iam_roles WHERE name = ?`, name));
  }
  roleById(roleId: string): RoleRow | undefined {
    return clean(this.c.get<RoleRow>(`SELECT ${ROLE_COLS} FROM iam_roles WHERE role_id = ?`, roleId));
  }
  listRoles(): RoleRow[] {
    return this.c.all<RoleRow>(`SELECT ${ROLE_COLS} FROM iam_roles ORDER BY name COLLATE NOCASE`).map((r) => clean(r)!);
  }
  insertRole(r: RoleRow): void {
    this.c.run(
      `INSERT INTO iam_roles (role_id, name, path, arn, create_date, trust_policy, description, max_session_duration)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      r.roleId,
      r.name,
      r.path,
      r.arn,
      r.createDate,
      r.trustPolicy,
      r.description ?? null,
      r.maxSessionDuration,
    );
  }
  updateRole(roleId: string, fields: { trustPolicy?: string; description?: string; maxSessionDuration?: number }): void {
    const r = this.roleById(roleId)!;
    this.c.run(
      'UPDATE iam_roles SET trust_policy = ?, description = ?, max_session_duration = ? WHERE role_id = ?',
      fields.trustPolicy ?? r.trustPolicy,
      fields.description ?? r.description ?? null,
      fields.maxSessionDuration ?? r.maxSessionDuration,
      roleId,
    );
  }
  deleteRole(roleId: string): void {
    this.deleteTags('role', roleId);
    this.c.run('DELETE FROM iam_roles WHERE role_id = ?', roleId);
  }

  // Login profiles
  loginProfile(userId: string): (LoginProfileRow & { passwordHash: string }) | undefined {
    const row = this.c.get<{
      userId: string;
      createDate: string;
      resetRequired: number;
      passwordHash: string;
      passwordDate: string | null;
    }>(
      `SELECT user_id AS userId, create_date AS createDate, reset_required AS resetRequired, password_hash AS passwordHash,
         password_date AS passwordDate FROM iam_login_profiles WHERE user_id = ?`,
      userId,
    );
    return row && { ...row, resetRequired: row.resetRequired === 1, passwordDate: row.passwordDate ?? row.createDate };
  }
  /** Creates the profile, or updates it: a new hash (set at `date`) and/or the reset flag. */
  putLoginProfile(userId: string, passwordHash: string | undefined, resetRequired: boolean, date: string): void {
    const existing = this.loginProfile(userId);
    if (existing) {
      this.c.run(
        'UPDATE iam_login_profiles SET password_hash = ?, reset_required = ?, password_date = ? WHERE user_id = ?',
        passwordHash ?? existing.passwordHash,
        resetRequired ? 1 : 0,
        passwordHash ? date : existing.passwordDate,
        userId,
      );
    } else {
      this.c.run(
        'INSERT INTO iam_login_profiles (user_id, password_hash, create_date, reset_required, password_date) VALUES (?, ?, ?, ?, ?)',
        userId,
        passwordHash!,
        date,
        resetRequired ? 1 : 0,
        date,
      );
    }
  }
  deleteLoginProfile(userId: string): void {
    this.c.run('DELETE FROM iam_login_profiles WHERE user_id = ?', userId);
  }

  // Tags (users, roles, customer managed policies). IAM tag keys are case-insensitive.
  tags(type: TagTarget, id: string): Array<{ Key: string; Value: string }> {
    return this.c.all('SELECT key AS Key, value AS Value FROM iam_tags WHERE entity_type = ? AND entity_id = ? ORDER BY rowid', type, id);
  }
  tagMap(type: TagTarget, id: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const t of this.tags(type, id)) out[t.Key] = t.Value;
    return out;
  }
  /** Adds the tag, or replaces the value (and spelling) of the one whose key differs only in case. */
  putTag(type: TagTarget, id: string, key: string, value: string): void {
    const n = this.c.run(
      'UPDATE iam_tags SET key = ?, value = ? WHERE entity_type = ? AND entity_id = ? AND lower(key) = lower(?)',
      key,
      value,
      type,
      id,
      key,
    );
    if (!n) this.c.run('INSERT INTO iam_tags (entity_type, entity_id, key, value) VALUES (?, ?, ?, ?)', type, id, key, value);
  }
  deleteTag(type: TagTarget, id: string, key: string): void {
    this.c.run('DELETE FROM iam_tags WHERE entity_type = ? AND entity_id = ? AND lower(key) = lower(?)', type, id, key);
  }
  deleteTags(type: TagTarget, id: string): void {
    this.c.run('DELETE FROM iam_tags WHERE entity_type = ? AND entity_id = ?', type, id);
  }
}
