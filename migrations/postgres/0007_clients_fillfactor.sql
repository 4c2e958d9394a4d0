-- Billing moves every due client's next due date once a month. With full pages each such
-- update writes a new row version into every index of the table, the trigram index included;
-- with room left on the page PostgreSQL updates in place (HOT), since the column is not indexed.
ALTER TABLE clients SET (fillfactor = 80);
