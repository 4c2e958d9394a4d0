-- Payment orders. "Vencido" is not stored: it is a pending order whose due date has passed
-- in the business time zone, computed where it is read.
CREATE TABLE orders (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id         INTEGER NOT NULL REFERENCES clients (id),
    concept           TEXT,
    amount_cents      INTEGER NOT NULL CHECK (amount_cents > 0),
    currency          TEXT    NOT NULL DEFAULT 'PEN',
    due_date          TEXT    NOT NULL,
    status            TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled')),
    source            TEXT    NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'automatic')),
    created_at        TEXT    NOT NULL,
    created_by        INTEGER REFERENCES users (id),
    paid_on           TEXT,
    payment_method    TEXT,
    payment_reference TEXT,
    cancelled_at      TEXT,
    cancel_reason     TEXT
);
CREATE INDEX orders_by_due ON orders (due_date, id);
CREATE INDEX orders_by_amount ON orders (amount_cents, id);
CREATE INDEX orders_by_status_due ON orders (status, due_date);
CREATE INDEX orders_by_client_due ON orders (client_id, due_date);
-- The database itself forbids a second automatic order for the same client and due date.
CREATE UNIQUE INDEX orders_automatic_once ON orders (client_id, due_date) WHERE source = 'automatic';

-- One row of settings for the whole installation.
CREATE TABLE settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    timezone TEXT    NOT NULL DEFAULT 'America/Lima'
);
INSERT INTO settings (id) VALUES (1);
