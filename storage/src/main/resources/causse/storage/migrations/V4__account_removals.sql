-- Accounts that `causse deluser` asked to remove while a server may be running on this database. A running
-- server takes each request and removes the account itself (its sessions end, its contacts are told); when
-- none does within a few seconds, the command deletes the account. The row goes with the account.
CREATE TABLE account_removals (
    jid          VARCHAR(3071)            NOT NULL PRIMARY KEY,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT account_removals_account FOREIGN KEY (jid) REFERENCES accounts (jid) ON DELETE CASCADE
);
