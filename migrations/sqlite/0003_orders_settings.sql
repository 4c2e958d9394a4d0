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

-- Amount and count of orders per due date and stored status, kept by triggers so the
-- "Panel de Estadísticas" and the list's total never scan every order. A day's pending
-- orders are "Vencido" when the day is before today, so the split stays exact.
CREATE TABLE order_day_totals (
    due_date     TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    amount_cents INTEGER NOT NULL DEFAULT 0,
    count        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (due_date, status)
);

CREATE TRIGGER orders_day_totals_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO order_day_totals (due_date, status, amount_cents, count)
    VALUES (NEW.due_date, NEW.status, NEW.amount_cents, 1)
    ON CONFLICT (due_date, status) DO UPDATE
        SET amount_cents = amount_cents + excluded.amount_cents, count = count + 1;
END;

CREATE TRIGGER orders_day_totals_update AFTER UPDATE OF status, amount_cents, due_date ON orders
BEGIN
    UPDATE order_day_totals SET amount_cents = amount_cents - OLD.amount_cents, count = count - 1
    WHERE due_date = OLD.due_date AND status = OLD.status;
    INSERT INTO order_day_totals (due_date, status, amount_cents, count)
    VALUES (NEW.due_date, NEW.status, NEW.amount_cents, 1)
    ON CONFLICT (due_date, status) DO UPDATE
        SET amount_cents = amount_cents + excluded.amount_cents, count = count + 1;
END;

CREATE TRIGGER orders_day_totals_delete AFTER DELETE ON orders
BEGIN
    UPDATE order_day_totals SET amount_cents = amount_cents - OLD.amount_cents, count = count - 1
    WHERE due_date = OLD.due_date AND status = OLD.status;
END;

-- One row of settings for the whole installation.
CREATE TABLE settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    timezone TEXT    NOT NULL DEFAULT 'America/Lima'
);
INSERT INTO settings (id) VALUES (1);
