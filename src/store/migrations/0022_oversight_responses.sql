-- Oversight responses (issue 8): steering-committee action items become rows of their own, so
-- each can be marked done (who, when, a note) and reopened, with a history of those steps; an
-- inspection finding's corrective action records who reported it corrected or verified it, and
-- their note. Items recorded before this migration keep their order and their due dates.
CREATE TABLE committee_action_items (
  item_id uuid PRIMARY KEY,
  meeting_id uuid NOT NULL REFERENCES committee_meetings (meeting_id),
  -- The item's position in the minutes (1, 2, …).
  seq integer NOT NULL CHECK (seq > 0),
  summary text NOT NULL CHECK (summary <> ''),
  owner text NOT NULL,
  due_on text,
  -- open | done
  status text NOT NULL CHECK (status IN ('open', 'done')),
  done_on text,
  done_at timestamptz,
  done_by text,
  done_note text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (meeting_id, seq),
  -- A done item says when and by whom; an open one carries no completion.
  CHECK ((status = 'done') = (done_on IS NOT NULL AND done_at IS NOT NULL AND done_by IS NOT NULL))
);
CREATE INDEX committee_action_items_open_idx ON committee_action_items (status, due_on);

-- done | reopened: every completion and reopening, in order.
CREATE TABLE committee_action_item_events (
  item_id uuid NOT NULL REFERENCES committee_action_items (item_id),
  seq integer NOT NULL,
  at timestamptz NOT NULL,
  by_actor text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('done', 'reopened')),
  on_date text,
  note text,
  PRIMARY KEY (item_id, seq)
);

INSERT INTO committee_action_items
  (item_id, meeting_id, seq, summary, owner, due_on, status, done_on, done_at, done_by, done_note,
   created_at, updated_at)
SELECT
  gen_random_uuid(),
  m.meeting_id,
  e.n::integer,
  coalesce(nullif(e.item ->> 'summary', ''), '(no summary)'),
  coalesce(e.item ->> 'owner', ''),
  nullif(e.item ->> 'dueOn', ''),
  CASE WHEN (e.item ->> 'done') = 'true' THEN 'done' ELSE 'open' END,
  CASE WHEN (e.item ->> 'done') = 'true' THEN coalesce(m.held_on, m.scheduled_on) END,
  CASE WHEN (e.item ->> 'done') = 'true' THEN m.updated_at END,
  CASE WHEN (e.item ->> 'done') = 'true' THEN m.created_by END,
  NULL,
  m.updated_at,
  m.updated_at
FROM committee_meetings m
CROSS JOIN LATERAL jsonb_array_elements(m.action_items) WITH ORDINALITY AS e (item, n);

ALTER TABLE committee_meetings DROP COLUMN action_items;

ALTER TABLE inspection_findings
  ADD COLUMN corrected_by text,
  ADD COLUMN corrected_note text,
  ADD COLUMN verified_by text,
  ADD COLUMN verified_note text;
