-- 0002_orleans_persistence.sql  (SQLite)
--
-- Grain state storage for Microsoft.Orleans.Persistence.AdoNet 10.4.x.
-- Requires 0001_orleans_main.sql. Same contract as the PostgreSQL script
-- 0003_orleans_persistence.sql; in short:
--   * identity = @ServiceId + @GrainTypeString + @GrainIdN0/@GrainIdN1 +
--     @GrainIdExtensionString (NULL-able); @GrainIdHash/@GrainTypeHash are
--     provider-computed 32-bit hashes used only to narrow the index lookup;
--   * only @PayloadBinary is sent (no JSON/XML payload parameters in 10.x);
--   * Version is the integer etag passed back as @GrainStateVersion (NULL =
--     first write); Write returns NewGrainStateVersion by name, Read returns
--     PayloadBinary and Version by name, Clear/Delete are read at position 0;
--     returning no row on a conflict makes the provider throw
--     InconsistentStateException.
--
-- Every multi-statement query text here must yield at most ONE row in total:
-- the provider gathers the rows of all result sets and calls SingleOrDefault.
--
-- Requires SQLite 3.35+ (RETURNING). The SQLitePCLRaw bundle used by current
-- Microsoft.Data.Sqlite ships a newer engine; an app that swaps in an old
-- system sqlite3 would fail at the first write.
--
-- `a IS b` is SQLite's NULL-safe equality, used for the optional key extension.
--
-- Idempotent: safe to run more than once. No transaction control in here.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            INTEGER NOT NULL,
    GrainIdN0              INTEGER NOT NULL,
    GrainIdN1              INTEGER NOT NULL,
    GrainTypeHash          INTEGER NOT NULL,
    GrainTypeString        TEXT    NOT NULL,
    GrainIdExtensionString TEXT    NULL,
    ServiceId              TEXT    NOT NULL,
    PayloadBinary          BLOB    NULL,
    ModifiedOn             TEXT    NOT NULL,   -- UTC, informational only
    Version                INTEGER NOT NULL
);

-- Narrow, non-unique lookup index; the queries compare the full identity.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Hashes
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- WriteToStorageKey is two statements, of which at most one can produce a row:
--   1. @GrainStateVersion NOT NULL: update if the version still matches.
--   2. @GrainStateVersion NULL: insert version 1 unless the grain has a row.
-- Each statement is atomic on its own. SQLite allows one writer at a time, so
-- a competing first write cannot slip in between the NOT EXISTS check and the
-- insert of statement 2: the loser gets SQLITE_BUSY or, later, an empty result.
INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('WriteToStorageKey', '
UPDATE OrleansStorage
   SET PayloadBinary = @PayloadBinary,
       ModifiedOn    = strftime(''%Y-%m-%d %H:%M:%f'', ''now''),
       Version       = Version + 1
 WHERE @GrainStateVersion IS NOT NULL
   AND GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS @GrainIdExtensionString
   AND ServiceId = @ServiceId
   AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;

INSERT INTO OrleansStorage
    (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
     GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
       @GrainIdExtensionString, @ServiceId, @PayloadBinary,
       strftime(''%Y-%m-%d %H:%M:%f'', ''now''), 1
 WHERE @GrainStateVersion IS NULL
   AND NOT EXISTS (
        SELECT 1
          FROM OrleansStorage
         WHERE GrainIdHash = @GrainIdHash
           AND GrainTypeHash = @GrainTypeHash
           AND GrainIdN0 = @GrainIdN0
           AND GrainIdN1 = @GrainIdN1
           AND GrainTypeString = @GrainTypeString
           AND GrainIdExtensionString IS @GrainIdExtensionString
           AND ServiceId = @ServiceId)
RETURNING Version AS NewGrainStateVersion;
'),

('ReadFromStorageKey', '
SELECT PayloadBinary, Version
  FROM OrleansStorage
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS @GrainIdExtensionString
   AND ServiceId = @ServiceId;
'),

-- Tombstone: payload NULL, version bumped, row kept.
('ClearStorageKey', '
UPDATE OrleansStorage
   SET PayloadBinary = NULL,
       ModifiedOn    = strftime(''%Y-%m-%d %H:%M:%f'', ''now''),
       Version       = Version + 1
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS @GrainIdExtensionString
   AND ServiceId = @ServiceId
   AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion;
'),

-- Used instead of ClearStorageKey when DeleteStateOnClear = true (without
-- this key that option fails at start-up). The value only has to differ from
-- the old etag; the provider resets the etag to NULL afterwards.
('DeleteStorageKey', '
DELETE FROM OrleansStorage
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS @GrainIdExtensionString
   AND ServiceId = @ServiceId
   AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
