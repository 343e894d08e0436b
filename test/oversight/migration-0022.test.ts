/**
 * Migration 0022 on a database holding action items in the old form (a JSON list on the meeting,
 * migration 0013): each becomes a row in order, with its summary, owner and due date, open unless
 * the list said done; the JSON column is gone afterwards. Embedded PostgreSQL (PGlite).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationFiles } from '../../src/store/migrate.ts';

const DIR = path.join(import.meta.dirname, '../../src/store/migrations');
const AGENCY = '0190b1a2-0000-7000-8000-000000000001';
const MOA = '0190b1a2-0000-7000-8000-000000000002';
const HELD = '0190b1a2-0000-7000-8000-000000000003';
const EMPTY = '0190b1a2-0000-7000-8000-000000000004';

describe('migration 0022 (action items as rows)', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await PGlite.create();
    for (const f of migrationFiles().filter((f) => f < '0022'))
      await db.exec(fs.readFileSync(path.join(DIR, f), 'utf8'));
    await db.exec(`
      INSERT INTO agencies (agency_id, state, name, created_at) VALUES ('${AGENCY}', 'TX', 'Synthetic County Sheriff', now());
      INSERT INTO moas (agency_id, moa_id, title, created_at, created_by) VALUES ('${AGENCY}', '${MOA}', 'JEM', now(), 'test');
      INSERT INTO committee_meetings (meeting_id, agency_id, moa_id, scheduled_on, status, held_on, attendees, minutes,
        action_items, created_by, created_at, updated_at)
      VALUES
        ('${HELD}', '${AGENCY}', '${MOA}', '2026-10-01', 'held', '2026-10-02', '[]', 'Minutes',
         '[{"summary":"First","owner":"ICE","dueOn":"2026-10-30","done":false},
           {"summary":"Second","owner":"Sheriff","dueOn":null,"done":true}]',
         'u-1', '2026-10-02T10:00:00Z', '2026-10-02T10:00:00Z'),
        ('${EMPTY}', '${AGENCY}', '${MOA}', '2026-12-01', 'scheduled', NULL, '[]', NULL, '[]',
         'u-1', '2026-10-02T10:00:00Z', '2026-10-02T10:00:00Z');`);
    await db.exec(fs.readFileSync(path.join(DIR, '0022_oversight_responses.sql'), 'utf8'));
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('moves every item into a row, in order, and drops the JSON column', async () => {
    const items = await db.query<Record<string, unknown>>(
      'SELECT meeting_id, seq, summary, owner, due_on, status, done_on, done_by FROM committee_action_items ORDER BY meeting_id, seq',
    );
    expect(items.rows).toEqual([
      {
        meeting_id: HELD,
        seq: 1,
        summary: 'First',
        owner: 'ICE',
        due_on: '2026-10-30',
        status: 'open',
        done_on: null,
        done_by: null,
      },
      {
        meeting_id: HELD,
        seq: 2,
        summary: 'Second',
        owner: 'Sheriff',
        due_on: null,
        status: 'done',
        done_on: '2026-10-02',
        done_by: 'u-1',
      },
    ]);
    const column = await db.query(
      "SELECT 1 FROM information_schema.columns WHERE table_name = 'committee_meetings' AND column_name = 'action_items'",
    );
    expect(column.rows).toEqual([]);
  });

  it('refuses a done item without its date and author', async () => {
    await expect(
      db.query(`UPDATE committee_action_items SET status = 'done' WHERE meeting_id = '${HELD}' AND seq = 1`),
    ).rejects.toThrow(/check constraint/);
  });
});
