import type { GroupRow, IamEntityRepository, IamTag, LoginProfileRow, RoleRow, TagTarget, UserRow } from '../ports/identity.js';
import { stripNulls, type Sql } from './sql.js';
import { changing } from './identity-version.js';

const USER_COLS = 'user_id AS "userId", name, path, arn, create_date AS "createDate"';
const GROUP_COLS = 'group_id AS "groupId", name, path, arn, create_date AS "createDate"';
const ROLE_COLS = `role_id AS "roleId", name, path, arn, create_date AS "createDate", trust_policy AS "trustPolicy", description,
  max_session_duration AS "maxSessionDuration"`;

interface ProfileColumns {
  userId: string;
  createDate: string;
  resetRequired: boolean;
  passwordHash: string;
  passwordDate: string | null;
}

/**
 * Users, groups, roles, login profiles and tags in PostgreSQL. IAM compares names case-insensitively:
 * each name has a unique index on lower(name), and lookups and ordering go through lower() too.
 */
export class PgIamEntityRepository implements IamEntityRepository {
  constructor(private readonly sql: Sql) {}

  private async get<T extends object>(text: string, params: unknown[]): Promise<T | undefined> {
    const row = await this.sql.one<T>(text, params);
    return row && stripNulls(row);
  }

  private async all<T extends object>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.sql.all<T>(text, params)).map(stripNulls);
  }

  private run(text: string, params: unknown[]): Promise<number> {
    return changing(this.sql, text, params);
  }

  findUser(name: string): Promise<UserRow | undefined> {
    return this.get(`SELECT ${USER_COLS} FROM iam_users WHERE lower(name) = lower($1)`, [name]);
  }
  userById(userId: string): Promise<UserRow | undefined> {
    return this.get(`SELECT ${USER_COLS} FROM iam_users WHERE user_id = $1`, [userId]);
  }
  listUsers(): Promise<UserRow[]> {
    return this.all(`SELECT ${USER_COLS} FROM iam_users ORDER BY lower(name)`);
  }
  async insertUser(u: UserRow): Promise<boolean> {
    const text = 'INSERT INTO iam_users (user_id, name, path, arn, create_date) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING';
    return (await this.run(text, [u.userId, u.name, u.path, u.arn, u.createDate])) > 0;
  }
  async updateUser(userId: string, name: string, path: string, arn: string): Promise<void> {
    await this.run('UPDATE iam_users SET name = $1, path = $2, arn = $3 WHERE user_id = $4', [name, path, arn, userId]);
  }
  async deleteUser(userId: string): Promise<void> {
    await this.deleteTags('user', userId);
    await this.run('DELETE FROM iam_password_history WHERE user_id = $1', [userId]);
    await this.run('DELETE FROM iam_users WHERE user_id = $1', [userId]);
  }

  findGroup(name: string): Promise<GroupRow | undefined> {
    return this.get(`SELECT ${GROUP_COLS} FROM iam_groups WHERE lower(name) = lower($1)`, [name]);
  }
  groupById(groupId: string): Promise<GroupRow | undefined> {
    return this.get(`SELECT ${GROUP_COLS} FROM iam_groups WHERE group_id = $1`, [groupId]);
  }
  listGroups(): Promise<GroupRow[]> {
    return this.all(`SELECT ${GROUP_COLS} FROM iam_groups ORDER BY lower(name)`);
  }
  async insertGroup(g: GroupRow): Promise<boolean> {
    const text = 'INSERT INTO iam_groups (group_id, name, path, arn, create_date) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING';
    return (await this.run(text, [g.groupId, g.name, g.path, g.arn, g.createDate])) > 0;
  }
  async deleteGroup(groupId: string): Promise<void> {
    await this.run('DELETE FROM iam_groups WHERE group_id = $1', [groupId]);
  }
  async addMember(groupId: string, userId: string): Promise<void> {
    await this.run('INSERT INTO iam_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, userId]);
  }
  async removeMember(groupId: string, userId: string): Promise<boolean> {
    return (await this.run('DELETE FROM iam_group_members WHERE group_id = $1 AND user_id = $2', [groupId, userId])) > 0;
  }
  membersOf(groupId: string): Promise<UserRow[]> {
    return this.all(
      `SELECT ${USER_COLS} FROM iam_users
       WHERE user_id IN (SELECT user_id FROM iam_group_members WHERE group_id = $1) ORDER BY lower(name)`,
      [groupId],
    );
  }
  groupsOf(userId: string): Promise<GroupRow[]> {
    return this.all(
      `SELECT ${GROUP_COLS} FROM iam_groups WHERE group_id IN (SELECT group_id FROM iam_group_members WHERE user_id = $1)
       ORDER BY lower(name)`,
      [userId],
    );
  }

  findRole(name: string): Promise<RoleRow | undefined> {
    return this.get(`SELECT ${ROLE_COLS} FROM iam_roles WHERE lower(name) = lower($1)`, [name]);
  }
  roleById(roleId: string): Promise<RoleRow | undefined> {
    return this.get(`SELECT ${ROLE_COLS} FROM iam_roles WHERE role_id = $1`, [roleId]);
  }
  listRoles(): Promise<RoleRow[]> {
    return this.all(`SELECT ${ROLE_COLS} FROM iam_roles ORDER BY lower(name)`);
  }
  async insertRole(r: RoleRow): Promise<boolean> {
    const text = `INSERT INTO iam_roles (role_id, name, path, arn, create_date, trust_policy, description, max_session_duration)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`;
    const params = [r.roleId, r.name, r.path, r.arn, r.createDate, r.trustPolicy, r.description ?? null, r.maxSessionDuration];
    return (await this.run(text, params)) > 0;
  }
  async updateRole(roleId: string, f: { trustPolicy?: string; description?: string; maxSessionDuration?: number }): Promise<void> {
    await this.run(
      `UPDATE iam_roles SET trust_policy = COALESCE($1, trust_policy), description = COALESCE($2, description),
         max_session_duration = COALESCE($3, max_session_duration) WHERE role_id = $4`,
      [f.trustPolicy ?? null, f.description ?? null, f.maxSessionDuration ?? null, roleId],
    );
  }
  async deleteRole(roleId: string): Promise<void> {
    await this.deleteTags('role', roleId);
    await this.run('DELETE FROM iam_roles WHERE role_id = $1', [roleId]);
  }

  async loginProfile(userId: string): Promise<(LoginProfileRow & { passwordHash: string }) | undefined> {
    const row = await this.sql.one<ProfileColumns>(
      `SELECT user_id AS "userId", create_date AS "createDate", reset_required AS "resetRequired", password_hash AS "passwordHash",
         password_date AS "passwordDate" FROM iam_login_profiles WHERE user_id = $1`,
      [userId],
    );
    return row && { ...row, passwordDate: row.passwordDate ?? row.createDate };
  }
  async putLoginProfile(userId: string, passwordHash: string | undefined, resetRequired: boolean, date: string): Promise<void> {
    const existing = await this.loginProfile(userId);
    if (existing) {
      await this.run('UPDATE iam_login_profiles SET password_hash = $1, reset_required = $2, password_date = $3 WHERE user_id = $4', [
        passwordHash ?? existing.passwordHash,
        resetRequired,
        passwordHash ? date : existing.passwordDate,
        userId,
      ]);
      return;
    }
    if (passwordHash === undefined) throw new Error('a new login profile needs a password');
    await this.run(
      'INSERT INTO iam_login_profiles (user_id, password_hash, create_date, reset_required, password_date) VALUES ($1, $2, $3, $4, $5)',
      [userId, passwordHash, date, resetRequired, date],
    );
  }
  async deleteLoginProfile(userId: string): Promise<void> {
    await this.run('DELETE FROM iam_login_profiles WHERE user_id = $1', [userId]);
  }

  tags(type: TagTarget, id: string): Promise<IamTag[]> {
    return this.sql.all('SELECT key AS "Key", value AS "Value" FROM iam_tags WHERE entity_type = $1 AND entity_id = $2 ORDER BY id', [
      type,
      id,
    ]);
  }
  async putTag(type: TagTarget, id: string, key: string, value: string): Promise<void> {
    const n = await this.run(
      'UPDATE iam_tags SET key = $1, value = $2 WHERE entity_type = $3 AND entity_id = $4 AND lower(key) = lower($1)',
      [key, value, type, id],
    );
    if (!n) await this.run('INSERT INTO iam_tags (entity_type, entity_id, key, value) VALUES ($1, $2, $3, $4)', [type, id, key, value]);
  }
  async deleteTag(type: TagTarget, id: string, key: string): Promise<void> {
    await this.run('DELETE FROM iam_tags WHERE entity_type = $1 AND entity_id = $2 AND lower(key) = lower($3)', [type, id, key]);
  }
  private async deleteTags(type: TagTarget, id: string): Promise<void> {
    await this.run('DELETE FROM iam_tags WHERE entity_type = $1 AND entity_id = $2', [type, id]);
  }
}
