import { describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { UnitOfWork } from './unit-of-work.js';

function setup() {
  const db = openDatabase(':memory:');
  db.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  const uow = new UnitOfWork(db);
  const insert = (v: number) => db.prepare('INSERT INTO t (v) VALUES (?)').run(v);
  const values = () => (db.prepare('SELECT v FROM t ORDER BY v').all() as { v: number }[]).map((r) => r.v);
  return { db, uow, insert, values };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('UnitOfWork', () => {
  it('commits each unit and resolves with its value', async () => {
    const { uow, insert, values } = setup();
    expect(await uow.run(() => (insert(1), 'one'))).toBe('one');
    expect(values()).toEqual([1]);
  });

  it('a failing unit rolls back only itself, even inside a shared batch', async () => {
    const { uow, insert, values } = setup();
    const results = await Promise.allSettled([
      uow.run(async () => {
        insert(1);
        await tick();
      }),
      uow.run(async () => {
        insert(2);
        await tick();
        throw new Error('boom');
      }),
      uow.run(async () => {
        insert(3);
        await tick();
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(values()).toEqual([1, 3]);
  });

  it('settles a unit only after the commit that covers it', async () => {
    const { db, uow, insert } = setup();
    let committedWhenResolved = false;
    await uow.run(() => insert(1)).then(() => (committedWhenResolved = !db.inTransaction));
    expect(committedWhenResolved).toBe(true);
  });

  it('groups concurrent units into one commit', async () => {
    const { db, uow, insert, values } = setup();
    let commits = 0;
    const exec = db.exec.bind(db);
    db.exec = ((sql: string) => ((commits += sql === 'COMMIT' ? 1 : 0), exec(sql))) as typeof db.exec;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        uow.run(async () => {
          insert(i);
          await tick();
        }),
      ),
    );
    expect(values()).toHaveLength(50);
    expect(commits).toBeLessThan(50);
  });

  it('runs after-commit hooks only for committed units', async () => {
    const { uow, insert } = setup();
    const ran: string[] = [];
    await uow.run((after) => {
      insert(1);
      after(() => void ran.push('ok'));
    });
    await uow
      .run((after) => {
        after(() => void ran.push('failed'));
        throw new Error('no');
      })
      .catch(() => undefined);
    expect(ran).toEqual(['ok']);
  });

  it('when the commit itself fails, every unit of the batch fails and nothing stands', async () => {
    const { db, uow, insert, values } = setup();
    db.exec('CREATE TABLE c (v INTEGER REFERENCES t(v) DEFERRABLE INITIALLY DEFERRED)');
    const results = await Promise.allSettled([
      uow.run(async () => {
        insert(1);
        await tick();
      }),
      uow.run(async () => {
        db.prepare('INSERT INTO c (v) VALUES (99)').run();
        await tick();
      }),
    ]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(values()).toEqual([]);
  });
});
