-- Accounts of the local domains and their SCRAM credentials.
-- JIDs are bare and normalised by the caller; 3071 is RFC 7622's bound on a JID.

CREATE TABLE accounts (
    jid        VARCHAR(3071) NOT NULL PRIMARY KEY,
    -- What follows '@' in jid, kept apart so that listing one domain is an index range, not a LIKE scan.
    domain     VARCHAR(1023) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX accounts_domain ON accounts (domain);

CREATE TABLE scram_credentials (
    jid        VARCHAR(3071) NOT NULL,
    mechanism  VARCHAR(64)   NOT NULL,
    salt       ${binary}     NOT NULL,
    iterations INTEGER       NOT NULL,
    stored_key ${binary}     NOT NULL,
    server_key ${binary}     NOT NULL,
    PRIMARY KEY (jid, mechanism),
    CONSTRAINT scram_credentials_account FOREIGN KEY (jid) REFERENCES accounts (jid) ON DELETE CASCADE
);
