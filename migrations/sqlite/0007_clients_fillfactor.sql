-- PostgreSQL leaves room on the clients' pages for billing's monthly updates. SQLite has no
-- such setting; this keeps the two schemas' version numbers in step.
SELECT 1;
