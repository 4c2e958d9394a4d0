-- Automatic orders and reminders ("Configuración de tareas automáticas").
ALTER TABLE settings ADD COLUMN cron_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE settings ADD COLUMN days_before BIGINT NOT NULL DEFAULT 3 CHECK (days_before BETWEEN 0 AND 60);
ALTER TABLE settings ADD COLUMN generation_time TEXT NOT NULL DEFAULT '09:00:00';
-- Extra reminders, off by default: on the due date, and N days after it.
ALTER TABLE settings ADD COLUMN remind_on_due_date BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE settings ADD COLUMN remind_days_after BIGINT CHECK (remind_days_after BETWEEN 1 AND 60);

-- The day of the month a client's due dates keep (a plan due on the 31st falls on Feb 28,
-- then Mar 31 again): set whenever the next due date is typed.
ALTER TABLE clients ADD COLUMN billing_day BIGINT CHECK (billing_day BETWEEN 1 AND 31);
UPDATE clients SET billing_day = EXTRACT(DAY FROM next_due_date)::BIGINT WHERE next_due_date IS NOT NULL;

-- One row per business day billed: the automatic job runs a day once; "Ejecutar ahora" again.
CREATE TABLE scheduler_runs (
    run_date    DATE        PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    generated   BIGINT  NOT NULL DEFAULT 0,
    queued      BIGINT  NOT NULL DEFAULT 0,
    error       TEXT,
    origin      TEXT    NOT NULL CHECK (origin IN ('automatic', 'manual'))
);

-- Due-date reminders scan open orders by due date.
CREATE INDEX orders_open_by_due ON orders (due_date, id) WHERE status = 'pending';
