import type { GroupRow, IamEntityRepository, IamTag, LoginProfileRow, RoleRow, TagTarget, UserRow } from '../ports/identity.js';
import type { Db } from './database.js';
import { changing, stripNulls } from './identity-version.js';

const USER_COLS = 'user_id AS userId, name, path, arn, create_date AS createDate';
const GROUP_COLS = 'group_id AS groupId, name, path, arn, create_date AS createDate';
const ROLE_COLS =
  'role_id AS roleId, name, path, arn, create_date AS createDate, trust_policy AS trustPolicy, description, max_session_duration AS maxSessionDuration';

interface ProfileColumns {
  userId: string;
  createDate: string;
  resetRequired: number;
  passwordHash: string;
  passwordDate: string | null;
}

/**
 * Users, groups, roles, login profiles and tags in SQLite. Name columns are COLLATE NOCASE, so `=`
 * and UNIQUE compare names case-insensitively, as IAM does.
 */
export class SqliteIamEntityRepository implements IamEntityRepository {
  constructor(private readonly db: Db) {}

  private get<T extends object>(sql: string, ...params: unknown[]): T | undefined {
    const row = this.db.prepare(sql).get(...params) as T | undefined;
    return row && stripNulls(row);
  }

  private all<T extends object>(sql: string, ...params: unknown[]): T[] {
    return (this.db.prepare(sql).all(...params) as T[]).map(stripNulls);
  }

  private run(sql: string, ...params: unknown[]): number {
    return changing(this.db, sql, ...params);
  }

  async findUser(name: string): Promise<UserRow | undefined> {
    return this.get(`SELECT ${USER_COLS} FROM iam_users WHERE name = ?`, name);
  }
  async userById(userId: string): Promise<UserRow | undefined> {
    return this.get(`SELECT ${USER_COLS} FROM iam_users WHERE user_id = ?`, userId);
  }
  async listUsers(): Promise<UserRow[]> {
    return this.all(`SELECT ${USER_COLS} FROM iam_users ORDER BY name COLLATE NOCASE`);
  }
  async insertUser(u: UserRow): Promise<boolean> {
    const sql = 'INSERT INTO iam_users (user_id, name, path, arn, create_date) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';
    return this.run(sql, u.userId, u.name, u.path, u.arn, u.createDate) > 0;
  }
  async updateUser(userId: string, name: string, path: string, arn: string): Promise<void> {
    this.run('UPDATE iam_users SET name = ?, path = ?, arn = ? WHERE user_id = ?', name, path, arn, userId);
  }
  async deleteUser(userId: string): Promise<void> {
    this.deleteTags('user', userId);
    this.run('DELETE FROM iam_password_history WHERE user_id = ?', userId);
    this.run('DELETE FROM iam_users WHERE user_id = ?', userId);
  }

  async findGroup(name: string): Promise<GroupRow | undefined> {
    return this.get(`SELECT ${GROUP_COLS} FROM iam_groups WHERE name = ?`, name);
  }
  async groupById(groupId: string): Promise<GroupRow | undefined> {
    return this.get(`SELECT ${GROUP_COLS} FROM iam_groups WHERE group_id = ?`, groupId);
  }
  async listGroups(): Promise<GroupRow[]> {
    return this.all(`SELECT ${GROUP_COLS} FROM iam_groups ORDER BY name COLLATE NOCASE`);
  }
  async insertGroup(g: GroupRow): Promise<boolean> {
    const sql = 'INSERT INTO iam_groups (group_id, name, path, arn, create_date) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING';
    return this.run(sql, g.groupId, g.name, g.path, g.arn, g.createDate) > 0;
  }
  async deleteGroup(groupId: string): Promise<void> {
    this.run('DELETE FROM iam_groups WHERE group_id = ?', groupId);
  }
  async addMember(groupId: string, userId: string): Promise<void> {
    this.run('INSERT INTO iam_group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING', groupId, userId);
  }
  async removeMember(groupId: string, userId: string): Promise<boolean> {
    return this.run('DELETE FROM iam_group_members WHERE group_id = ? AND user_id = ?', groupId, userId) > 0;
  }
  async membersOf(groupId: string): Promise<UserRow[]> {
    return this.all(
      `SELECT ${USER_COLS} FROM iam_users
       WHERE user_id IN (SELECT user_id FROM iam_group_members WHERE group_id = ?) ORDER BY name COLLATE NOCASE`,
      groupId,
    );
  }
  async groupsOf(userId: string): Promise<GroupRow[]> {
    return this.all(
      `SELECT ${GROUP_COLS} FROM iam_groups WHERE group_id IN (SELECT group_id FROM iam_group_members WHERE user_id = ?)
       ORDER BY name COLLATE NOCASE`,
      userId,
    );
  }

  async findRole(name: string): Promise<RoleRow | undefined> {
    return this.get(`SELECT ${ROLE_COLS} FROM iam_roles WHERE name = ?`, name);
  }
  async roleById(roleId: string): Promise<RoleRow | undefined> {
    return this.get(`SELECT ${ROLE_COLS} FROM iam_roles WHERE role_id = ?`, roleId);
  }
  async listRoles(): Promise<RoleRow[]> {
    return this.all(`SELECT ${ROLE_COLS} FROM iam_roles ORDER BY name COLLATE NOCASE`);
  }
  async insertRole(r: RoleRow): Promise<boolean> {
    const sql = `INSERT INTO iam_roles (role_id, name, path, arn, create_date, trust_policy, description, max_session_duration)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`;
    return this.run(sql, r.roleId, r.name, r.path, r.arn, r.createDate, r.trustPolicy, r.description ?? null, r.maxSessionDuration) > 0;
  }
  async updateRole(roleId: string, f: { trustPolicy?: string; description?: string; maxSessionDuration?: number }): Promise<void> {
    this.run(
      `UPDATE iam_roles SET trust_policy = COALESCE(?, trust_policy), description = COALESCE(?, description),
         max_session_duration = COALESCE(?, max_session_duration) WHERE role_id = ?`,
      f.trustPolicy ?? null,
      f.description ?? null,
      f.maxSessionDuration ?? null,
      roleId,
    );
  }
  async deleteRole(roleId: string): Promise<void> {
    this.deleteTags('role', roleId);
    this.run('DELETE FROM iam_roles WHERE role_id = ?', roleId);
  }

  async loginProfile(userId: string): Promise<(LoginProfileRow & { passwordHash: string }) | undefined> {
    const row = this.db
      .prepare(
        `SELECT user_id AS userId, create_date AS createDate, reset_required AS resetRequired, password_hash AS passwordHash,
           password_date AS passwordDate FROM iam_login_profiles WHERE user_id = ?`,
      )
      .get(userId) as ProfileColumns | undefined;
    return row && { ...row, resetRequired: row.resetRequired === 1, passwordDate: row.passwordDate ?? row.createDate };
  }
  async putLoginProfile(userId: string, passwordHash: string | undefined, resetRequired: boolean, date: string): Promise<void> {
    const existing = await this.loginProfile(userId);
    if (existing) {
      this.run(
        'UPDATE iam_login_profiles SET password_hash = ?, reset_required = ?, password_date = ? WHERE user_id = ?',
        passwordHash ?? existing.passwordHash,
        resetRequired ? 1 : 0,
        passwordHash ? date : existing.passwordDate,
        userId,
      );
      return;
    }
    if (passwordHash === undefined) throw new Error('a new login profile needs a password');
    this.run(
      'INSERT INTO iam_login_profiles (user_id, password_hash, create_date, reset_required, password_date) VALUES (?, ?, ?, ?, ?)',
      userId,
      passwordHash,
      date,
      resetRequired ? 1 : 0,
      date,
    );
  }
  async deleteLoginProfile(userId: string): Promise<void> {
    this.run('DELETE FROM iam_login_profiles WHERE user_id = ?', userId);
  }

  async tags(type: TagTarget, id: string): Promise<IamTag[]> {
    return this.db
      .prepare('SELECT key AS Key, value AS Value FROM iam_tags WHERE entity_type = ? AND entity_id = ? ORDER BY rowid')
      .all(type, id) as IamTag[];
  }
  async putTag(type: TagTarget, id: string, key: string, value: string): Promise<void> {
    const n = this.run(
      'UPDATE iam_tags SET key = ?, value = ? WHERE entity_type = ? AND entity_id = ? AND lower(key) = lower(?)',
      key,
      value,
      type,
      id,
      key,
    );
    if (!n) this.run('INSERT INTO iam_tags (entity_type, entity_id, key, value) VALUES (?, ?, ?, ?)', type, id, key, value);
  }
  async deleteTag(type: TagTarget, id: string, key: string): Promise<void> {
    this.run('DELETE FROM iam_tags WHERE entity_type = ? AND entity_id = ? AND lower(key) = lower(?)', type, id, key);
  }
  private deleteTags(type: TagTarget, id: string): void {
    this.run('DELETE FROM iam_tags WHERE entity_type = ? AND entity_id = ?', type, id);
  }
}
