-- Notifications: the message template, the SMTP and QRAPI settings, and the outbox that is
-- also the delivery log. Secrets are stored encrypted (`*_enc`), never in clear.
ALTER TABLE settings ADD COLUMN notifications_enabled INTEGER NOT NULL DEFAULT 0;
-- NULL means "the spec's default text", which lives in the code.
ALTER TABLE settings ADD COLUMN template TEXT;
ALTER TABLE settings ADD COLUMN email_subject TEXT;
ALTER TABLE settings ADD COLUMN smtp_host TEXT;
ALTER TABLE settings ADD COLUMN smtp_port INTEGER;
ALTER TABLE settings ADD COLUMN smtp_username TEXT;
ALTER TABLE settings ADD COLUMN smtp_password_enc TEXT;
ALTER TABLE settings ADD COLUMN smtp_encryption TEXT NOT NULL DEFAULT 'starttls'
    CHECK (smtp_encryption IN ('starttls', 'tls', 'none'));
ALTER TABLE settings ADD COLUMN smtp_from_name TEXT;
ALTER TABLE settings ADD COLUMN smtp_from_address TEXT;
ALTER TABLE settings ADD COLUMN qrapi_url TEXT;
ALTER TABLE settings ADD COLUMN qrapi_key_enc TEXT;
ALTER TABLE settings ADD COLUMN qrapi_accept_invalid_certs INTEGER NOT NULL DEFAULT 0;
-- Gmail allows about 500 messages a day from a normal account; stay well below.
ALTER TABLE settings ADD COLUMN email_per_minute INTEGER NOT NULL DEFAULT 20;
ALTER TABLE settings ADD COLUMN email_per_day INTEGER NOT NULL DEFAULT 400;
ALTER TABLE settings ADD COLUMN whatsapp_per_minute INTEGER NOT NULL DEFAULT 10;
ALTER TABLE settings ADD COLUMN whatsapp_per_day INTEGER NOT NULL DEFAULT 500;

-- The plan an order bills, when it bills one (automatic orders); `@variable_plan` names it.
ALTER TABLE orders ADD COLUMN plan_id INTEGER REFERENCES plans (id);

CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'whatsapp')),
    origin          TEXT    NOT NULL CHECK (origin IN ('manual', 'automatic')),
    recipient       TEXT    NOT NULL,
    subject         TEXT,
    body            TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    lease_until     TEXT,
    last_error      TEXT,
    created_at      TEXT    NOT NULL,
    created_by      INTEGER REFERENCES users (id),
    sent_at         TEXT,
    -- Set for automatic reminders ("auto:{order}:{channel}:{step}") so each exists once.
    dedupe_key      TEXT    UNIQUE
);
CREATE INDEX notifications_due ON notifications (channel, status, next_attempt_at);
CREATE INDEX notifications_by_order ON notifications (order_id, id);
CREATE INDEX notifications_sent ON notifications (channel, sent_at) WHERE status = 'sent';

-- Every try at delivering a notification, for the order's detail page.
CREATE TABLE notification_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    at              TEXT    NOT NULL,
    outcome         TEXT    NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
    error           TEXT
);
CREATE INDEX notification_attempts_by_notification ON notification_attempts (notification_id, id);
