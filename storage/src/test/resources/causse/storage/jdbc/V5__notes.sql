-- A migration after the production ones, for tests only.
CREATE TABLE notes (
    jid  VARCHAR(3071) NOT NULL,
    body ${binary}
);
INSERT INTO notes (jid) VALUES ('migrated@example.org');
