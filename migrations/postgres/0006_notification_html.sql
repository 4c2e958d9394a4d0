-- The e-mail's HTML part, rendered when the message is queued: only then is it known which
-- parts of the text are the template's markup and which are a client's values.
ALTER TABLE notifications ADD COLUMN body_html TEXT;
