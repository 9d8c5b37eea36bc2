-- A counter per kind of data, bumped in every transaction that changes it, so caches in
-- any process can tell whether what they hold is still current.
CREATE TABLE data_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO data_versions (name, version) VALUES ('ledger', 1);
