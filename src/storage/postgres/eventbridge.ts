import type {
  EventRule,
  EventRuleListing,
  EventRuleRepository,
  EventRuleState,
  EventTagRepository,
  EventTarget,
  EventTargetRepository,
} from '../ports/eventbridge.js';
import type { Sql } from './sql.js';
import { toRule, type RuleRow } from '../rows/eventbridge.js';

/** eventbridge_rules: names and ARNs compare byte by byte (COLLATE "C"), as in SQLite. */
export class PgEventRuleRepository implements EventRuleRepository {
  constructor(private readonly sql: Sql) {}

  async get(arn: string): Promise<EventRule | undefined> {
    const row = await this.sql.one<RuleRow>('SELECT * FROM eventbridge_rules WHERE arn = $1', [arn]);
    return row && toRule(row);
  }

  async put(r: EventRule): Promise<void> {
    await this.sql.run(
      `INSERT INTO eventbridge_rules (arn, account_id, region, bus_name, name, event_pattern, schedule_expression, state,
         description, role_arn, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (arn) DO UPDATE SET event_pattern = excluded.event_pattern, schedule_expression = excluded.schedule_expression,
         state = excluded.state, description = excluded.description, role_arn = excluded.role_arn`,
      [
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
      ],
    );
  }

  async list(l: EventRuleListing): Promise<EventRule[]> {
    // starts_with, not LIKE: rule names may hold `_`, and prefixes are case-sensitive as names are.
    const rows = await this.sql.all<RuleRow>(
      `SELECT * FROM eventbridge_rules WHERE account_id = $1 AND region = $2 AND bus_name = $3 AND name > $4
         AND starts_with(name, $5) ORDER BY name LIMIT $6`,
      [l.accountId, l.region, l.busName, l.after ?? '', l.namePrefix ?? '', unlimitedIfNegative(l.limit)],
    );
    return rows.map(toRule);
  }

  async enabled(accountId: string, region: string, busName: string): Promise<EventRule[]> {
    const rows = await this.sql.all<RuleRow>(
      `SELECT * FROM eventbridge_rules WHERE account_id = $1 AND region = $2 AND bus_name = $3 AND state != 'DISABLED'
         AND event_pattern IS NOT NULL ORDER BY name`,
      [accountId, region, busName],
    );
    return rows.map(toRule);
  }

  async setState(arn: string, state: EventRuleState): Promise<void> {
    await this.sql.run('UPDATE eventbridge_rules SET state = $1 WHERE arn = $2', [state, arn]);
  }

  async delete(arn: string): Promise<void> {
    await this.sql.run('DELETE FROM eventbridge_targets WHERE rule_arn = $1', [arn]);
    await this.sql.run('DELETE FROM eventbridge_tags WHERE arn = $1', [arn]);
    await this.sql.run('DELETE FROM eventbridge_rules WHERE arn = $1', [arn]);
  }
}

/** SQLite's LIMIT -1 (no limit) is PostgreSQL's LIMIT NULL. */
function unlimitedIfNegative(limit: number | undefined): number | null {
  return limit === undefined || limit < 0 ? null : limit;
}

interface TargetRow {
  rule_arn: string;
  id: string;
  arn: string;
  definition: string;
}

const toTarget = (r: TargetRow): EventTarget => ({ ruleArn: r.rule_arn, id: r.id, arn: r.arn, definition: r.definition });

export class PgEventTargetRepository implements EventTargetRepository {
  constructor(private readonly sql: Sql) {}

  async list(ruleArn: string, after?: string, limit = -1): Promise<EventTarget[]> {
    const rows = await this.sql.all<TargetRow>('SELECT * FROM eventbridge_targets WHERE rule_arn = $1 AND id > $2 ORDER BY id LIMIT $3', [
      ruleArn,
      after ?? '',
      unlimitedIfNegative(limit),
    ]);
    return rows.map(toTarget);
  }

  async put(t: EventTarget): Promise<void> {
    await this.sql.run(
      `INSERT INTO eventbridge_targets (rule_arn, id, arn, definition) VALUES ($1, $2, $3, $4)
       ON CONFLICT (rule_arn, id) DO UPDATE SET arn = excluded.arn, definition = excluded.definition`,
      [t.ruleArn, t.id, t.arn, t.definition],
    );
  }

  async remove(ruleArn: string, id: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM eventbridge_targets WHERE rule_arn = $1 AND id = $2', [ruleArn, id])) > 0;
  }

  async count(ruleArn: string): Promise<number> {
    return (await this.sql.one<{ n: number }>('SELECT count(*) AS n FROM eventbridge_targets WHERE rule_arn = $1', [ruleArn]))!.n;
  }

  async rulesByTarget(targetArn: string, rulePrefix: string, after: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.sql.all<{ rule_arn: string }>(
      `SELECT DISTINCT rule_arn FROM eventbridge_targets WHERE arn = $1 AND rule_arn > $2 AND starts_with(rule_arn, $3)
         ORDER BY rule_arn LIMIT $4`,
      [targetArn, after ?? '', rulePrefix, unlimitedIfNegative(limit)],
    );
    return rows.map((r) => r.rule_arn);
  }
}

/** eventbridge_tags: one JSON object of strings per resource ARN; no row when it has no tags. */
export class PgEventTagRepository implements EventTagRepository {
  constructor(private readonly sql: Sql) {}

  async get(arn: string): Promise<Record<string, string>> {
    const row = await this.sql.one<{ tags: string }>('SELECT tags FROM eventbridge_tags WHERE arn = $1', [arn]);
    return row ? (JSON.parse(row.tags) as Record<string, string>) : {};
  }

  async set(arn: string, tags: Record<string, string>): Promise<void> {
    if (Object.keys(tags).length === 0) await this.sql.run('DELETE FROM eventbridge_tags WHERE arn = $1', [arn]);
    else
      await this.sql.run('INSERT INTO eventbridge_tags (arn, tags) VALUES ($1, $2) ON CONFLICT (arn) DO UPDATE SET tags = excluded.tags', [
        arn,
        JSON.stringify(tags),
      ]);
  }
}
