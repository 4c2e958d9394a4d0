-- Plans (what a client pays and how often) and clients with their contact information.
CREATE TABLE plans (
    id              BIGSERIAL   PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    amount_cents    BIGINT      NOT NULL CHECK (amount_cents > 0),
    interval_months BIGINT      NOT NULL CHECK (interval_months IN (1, 2, 3, 6, 12)),
    active          BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE clients (
    id            BIGSERIAL   PRIMARY KEY,
    name          TEXT        NOT NULL,
    contact_email TEXT,
    whatsapp      TEXT,
    plan_id       BIGINT      REFERENCES plans (id),
    next_due_date DATE,
    active        BOOLEAN     NOT NULL DEFAULT TRUE,
    -- The name folded to lower case without accents: the list's order, the same on both
    -- databases whatever their locale.
    sort_key      TEXT        NOT NULL COLLATE "C",
    -- Name, e-mail and phone folded the same way, for the search box.
    search_text   TEXT        NOT NULL COLLATE "C",
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    CHECK ((plan_id IS NULL) = (next_due_date IS NULL))
);
-- The list walks this index in order; holding search_text too lets a search filter the
-- index alone, without reading every row.
CREATE INDEX clients_by_name ON clients (sort_key, id, search_text);
CREATE INDEX clients_by_plan ON clients (plan_id);

-- Searching "contains" text cannot use a B-tree; trigrams can (pg_trgm ships with
-- PostgreSQL and is a trusted extension: the database owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX clients_search ON clients USING gin (search_text gin_trgm_ops);
