-- Fails on its second statement: the version must not move.
INSERT INTO accounts (jid, domain, created_at) VALUES ('half@example.org', 'example.org', CURRENT_TIMESTAMP);
INSERT INTO no_such_table VALUES (1);
