-- 0001_orleans_main.sql  (PostgreSQL)
--
-- Query catalogue shared by the Orleans 10.4.x ADO.NET providers (clustering,
-- persistence, reminders).
--
-- How the providers use it:
--   * On start-up each provider runs `SELECT QueryKey, QueryText FROM OrleansQuery`
--     and caches the texts. Clustering and reminders refuse to start when one of
--     their required keys is missing; persistence fails when WriteToStorageKey,
--     ReadFromStorageKey or ClearStorageKey is missing.
--   * Every later database call is one of those cached texts, run as a plain
--     text command with named parameters (@DeploymentId, @GrainIdHash, ...).
--     Orleans never generates SQL of its own beyond that start-up SELECT.
--   * Result columns are read by name, except where a later script says
--     otherwise (a few "single value" queries are read by position 0).
--
-- Hazard: the texts are cached per process. A changed QueryText only takes
-- effect after silos restart.
--
-- Idempotent: safe to run more than once. No transaction control in here; the
-- migrator supplies the transaction.

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL,

    CONSTRAINT PK_OrleansQuery PRIMARY KEY (QueryKey)
);
