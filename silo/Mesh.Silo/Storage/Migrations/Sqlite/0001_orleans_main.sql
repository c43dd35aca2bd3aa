-- 0001_orleans_main.sql  (SQLite)
--
-- Query catalogue for the Orleans 10.4.x ADO.NET providers. Each provider reads
-- `SELECT QueryKey, QueryText FROM OrleansQuery` once at start-up, caches the
-- texts and from then on only runs those texts as plain commands with named
-- parameters (@GrainIdHash, ...). Changed texts take effect after a restart.
--
-- Note: Orleans reaches SQLite through the invariant name "System.Data.SQLite",
-- which the 10.4.x providers map to Microsoft.Data.Sqlite's SqliteFactory.
--
-- Idempotent: safe to run more than once. No transaction control in here.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  TEXT NOT NULL PRIMARY KEY,
    QueryText TEXT NOT NULL
);
