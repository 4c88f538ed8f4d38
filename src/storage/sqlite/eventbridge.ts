import type {
  EventRule,
  EventRuleListing,
  EventRuleRepository,
  EventRuleState,
  EventTagRepository,
  EventTarget,
  EventTargetRepository,
} from '../ports/eventbridge.js';
import type { Db } from './database.js';
import { toRule, type RuleRow } from '../rows/eventbridge.js';

export class SqliteEventRuleRepository implements EventRuleRepository {
  constructor(private readonly db: Db) {}

  async get(arn: string): Promise<EventRule | undefined> {
    const row = this.db.prepare('SELECT * FROM eventbridge_rules WHERE arn = ?').get(arn) as RuleRow | undefined;
    return row && toRule(row);
  }

  async put(r: EventRule): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO eventbridge_rules (arn, account_id, region, bus_name, name, event_pattern, schedule_expression, state,
           description, role_arn, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (arn) DO UPDATE SET event_pattern = excluded.event_pattern, schedule_expression = excluded.schedule_expression,
           state = excluded.state, description = excluded.description, role_arn = excluded.role_arn`,
      )
      .run(
        r.arn,
        r.accountId,
        r.region,
        r.busName,
        r.name,
        r.eventPattern ?? null,
        r.scheduleExpression ?? null,
        r.state,
        r.description ?? null,
        r.roleArn ?? null,
        +r.createdAt,
      );
  }

  async list(l: EventRuleListing): Promise<EventRule[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM eventbridge_rules WHERE account_id = ? AND region = ? AND bus_name = ? AND name > ?
           AND substr(name, 1, ?) = ? ORDER BY name LIMIT ?`,
      )
      .all(l.accountId, l.region, l.busName, l.after ?? '', (l.namePrefix ?? '').length, l.namePrefix ?? '', l.limit) as RuleRow[];
    return rows.map(toRule);
  }

  async enabled(accountId: string, region: string, busName: string): Promise<EventRule[]> {
    const rows = this.db
      .prepare(
        `SELECT * FROM eventbridge_rules WHERE account_id = ? AND region = ? AND bus_name = ? AND state != 'DISABLED'
           AND event_pattern IS NOT NULL ORDER BY name`,
      )
      .all(accountId, region, busName) as RuleRow[];
    return rows.map(toRule);
  }

  async setState(arn: string, state: EventRuleState): Promise<void> {
    this.db.prepare('UPDATE eventbridge_rules SET state = ? WHERE arn = ?').run(state, arn);
  }

  async delete(arn: string): Promise<void> {
    this.db.prepare('DELETE FROM eventbridge_targets WHERE rule_arn = ?').run(arn);
    this.db.prepare('DELETE FROM eventbridge_tags WHERE arn = ?').run(arn);
    this.db.prepare('DELETE FROM eventbridge_rules WHERE arn = ?').run(arn);
  }
}

interface TargetRow {
  rule_arn: string;
  id: string;
  arn: string;
  definition: string;
}

const toTarget = (r: TargetRow): EventTarget => ({ ruleArn: r.rule_arn, id: r.id, arn: r.arn, definition: r.definition });

export class SqliteEventTargetRepository implements EventTargetRepository {
  constructor(private readonly db: Db) {}

  async list(ruleArn: string, after?: string, limit = -1): Promise<EventTarget[]> {
    const rows = this.db
      .prepare('SELECT * FROM eventbridge_targets WHERE rule_arn = ? AND id > ? ORDER BY id LIMIT ?')
      .all(ruleArn, after ?? '', limit) as TargetRow[];
    return rows.map(toTarget);
  }

  async put(t: EventTarget): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO eventbridge_targets (rule_arn, id, arn, definition) VALUES (?, ?, ?, ?)
         ON CONFLICT (rule_arn, id) DO UPDATE SET arn = excluded.arn, definition = excluded.definition`,
      )
      .run(t.ruleArn, t.id, t.arn, t.definition);
  }

  async remove(ruleArn: string, id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM eventbridge_targets WHERE rule_arn = ? AND id = ?').run(ruleArn, id).changes > 0;
  }

  async count(ruleArn: string): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM eventbridge_targets WHERE rule_arn = ?').get(ruleArn) as { n: number }).n;
  }

  async rulesByTarget(targetArn: string, rulePrefix: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT rule_arn FROM eventbridge_targets WHERE arn = ? AND rule_arn > ? AND substr(rule_arn, 1, ?) = ?
           ORDER BY rule_arn LIMIT ?`,
      )
      .all(targetArn, after ?? '', rulePrefix.length, rulePrefix, limit) as { rule_arn: string }[];
    return rows.map((r) => r.rule_arn);
  }
}

export class SqliteEventTagRepository implements EventTagRepository {
  constructor(private readonly db: Db) {}

  async get(arn: string): Promise<Record<string, string>> {
    const row = this.db.prepare('SELECT tags FROM eventbridge_tags WHERE arn = ?').get(arn) as { tags: string } | undefined;
    return row ? (JSON.parse(row.tags) as Record<string, string>) : {};
  }

  async set(arn: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) this.db.prepare('DELETE FROM eventbridge_tags WHERE arn = ?').run(arn);
    else
      this.db
        .prepare('INSERT INTO eventbridge_tags (arn, tags) VALUES (?, ?) ON CONFLICT (arn) DO UPDATE SET tags = excluded.tags')
        .run(arn, JSON.stringify(tags));
  }
}
