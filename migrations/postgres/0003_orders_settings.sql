-- Payment orders. "Vencido" is not stored: it is a pending order whose due date has passed
-- in the business time zone, computed where it is read.
CREATE TABLE orders (
    id                BIGSERIAL   PRIMARY KEY,
    client_id         BIGINT      NOT NULL REFERENCES clients (id),
    concept           TEXT,
    amount_cents      BIGINT      NOT NULL CHECK (amount_cents > 0),
    currency          TEXT        NOT NULL DEFAULT 'PEN',
    due_date          DATE        NOT NULL,
    status            TEXT        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'cancelled')),
    source            TEXT        NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'automatic')),
    created_at        TIMESTAMPTZ NOT NULL,
    created_by        BIGINT      REFERENCES users (id),
    paid_on           DATE,
    payment_method    TEXT,
    payment_reference TEXT,
    cancelled_at      TIMESTAMPTZ,
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
    due_date     DATE   NOT NULL,
    status       TEXT   NOT NULL,
    amount_cents BIGINT NOT NULL DEFAULT 0,
    count        BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (due_date, status)
);

-- Statement-level, over the statement's transition tables: a billing run that inserts
-- thousands of orders updates each day's row once, not once per order (row-level updates of
-- the same rows in one transaction pile up row versions in PostgreSQL).
CREATE FUNCTION orders_day_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE order_day_totals t
        SET amount_cents = t.amount_cents - gone.amount, count = t.count - gone.n
        FROM (SELECT due_date, status, SUM(amount_cents) AS amount, COUNT(*) AS n
              FROM old_rows GROUP BY due_date, status) gone
        WHERE t.due_date = gone.due_date AND t.status = gone.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO order_day_totals (due_date, status, amount_cents, count)
        SELECT due_date, status, SUM(amount_cents), COUNT(*) FROM new_rows GROUP BY due_date, status
        ON CONFLICT (due_date, status) DO UPDATE
            SET amount_cents = order_day_totals.amount_cents + EXCLUDED.amount_cents,
                count = order_day_totals.count + EXCLUDED.count;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER orders_day_totals_insert AFTER INSERT ON orders
REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION orders_day_totals_apply();
CREATE TRIGGER orders_day_totals_update AFTER UPDATE ON orders
REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION orders_day_totals_apply();
CREATE TRIGGER orders_day_totals_delete AFTER DELETE ON orders
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION orders_day_totals_apply();

-- One row of settings for the whole installation.
CREATE TABLE settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    timezone TEXT    NOT NULL DEFAULT 'America/Lima'
);
INSERT INTO settings (id) VALUES (1);
