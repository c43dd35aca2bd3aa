-- 0003_orleans_persistence.sql  (PostgreSQL)
--
-- Grain state storage for Microsoft.Orleans.Persistence.AdoNet 10.4.x.
-- Requires 0001_orleans_main.sql.
--
-- Contract notes (10.4.x provider):
--   * A grain is identified by @ServiceId, @GrainTypeString and its key, which
--     the provider splits into @GrainIdN0/@GrainIdN1 (bigint: the GUID halves,
--     or 0 / the integer key) and @GrainIdExtensionString (key extension, or
--     the whole key for string-keyed grains; NULL when there is none).
--     @GrainIdHash and @GrainTypeHash are 32-bit hashes the provider computes
--     over those values; they only make the index narrow. Every query must
--     still compare the full identity, because hashes collide.
--   * The provider sends only @PayloadBinary; 10.x has no JSON/XML payload
--     parameters (a JSON serializer also ends up in PayloadBinary).
--   * Version is the etag: an integer the provider passes back as
--     @GrainStateVersion (NULL = "never read a stored version").
--       - Write returns column NewGrainStateVersion: the new version on success.
--         NULL (or the unchanged version) makes the provider throw
--         InconsistentStateException.
--       - Read returns PayloadBinary and Version by name, at most one row.
--         Payload NULL means "no state" (RecordExists = false).
--       - Clear and Delete are read at column position 0 and must return a
--         value different from @GrainStateVersion, or no row on a conflict.
--   * DeleteStorageKey is optional; without it DeleteStateOnClear = true makes
--     the provider fail at start-up. With it, clearing removes the row instead
--     of leaving a NULL-payload tombstone.
--
-- Idempotent: safe to run more than once. No transaction control in here.

CREATE TABLE IF NOT EXISTS OrleansStorage
(
    GrainIdHash            integer      NOT NULL,
    GrainIdN0              bigint       NOT NULL,
    GrainIdN1              bigint       NOT NULL,
    GrainTypeHash          integer      NOT NULL,
    -- text rather than varchar(n): string keys and generic type names have no
    -- useful upper bound, and neither column is indexed.
    GrainTypeString        text         NOT NULL,
    GrainIdExtensionString text         NULL,
    ServiceId              varchar(150) NOT NULL,
    PayloadBinary          bytea        NULL,
    ModifiedOn             timestamptz  NOT NULL DEFAULT now(),
    Version                integer      NOT NULL
);

-- Deliberately narrow and non-unique: the hashes locate the candidate rows and
-- the remaining predicates pick the right one. Uniqueness is enforced by the
-- write function below.
CREATE INDEX IF NOT EXISTS IX_OrleansStorage_Hashes
    ON OrleansStorage (GrainIdHash, GrainTypeHash);

-- Write grain state. Returns the new version, or NULL when the write lost an
-- optimistic-concurrency race.
--
--   p_expected_version NOT NULL: update in place if the version still matches.
--   p_expected_version NULL:     first write; insert version 1 unless a row
--                                already exists.
--
-- Hazard: "INSERT ... WHERE NOT EXISTS" alone is not safe under READ
-- COMMITTED; two concurrent first writes (e.g. a duplicate activation) could
-- both insert, after which every read of that grain fails because it returns
-- two rows. The transaction-scoped advisory lock serialises first writes per
-- grain id hash, and because the function is VOLATILE the INSERT takes a new
-- snapshot after the lock is granted, so it sees the winner's row. The
-- two-integer lock form lives in a different key space from single-bigint
-- advisory locks (such as the migrator's lock), so they cannot collide.
-- 1869767529 is an arbitrary constant reserved for this purpose.
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_grain_id_hash       integer,
    p_grain_id_n0         bigint,
    p_grain_id_n1         bigint,
    p_grain_type_hash     integer,
    p_grain_type          text,
    p_grain_id_extension  text,
    p_service_id          text,
    p_expected_version    integer,
    p_payload             bytea)
RETURNS integer
LANGUAGE plpgsql
VOLATILE
AS $fn$
DECLARE
    new_version integer;
BEGIN
    IF p_expected_version IS NOT NULL THEN
        UPDATE OrleansStorage
           SET PayloadBinary = p_payload,
               ModifiedOn    = now(),
               Version       = Version + 1
         WHERE GrainIdHash = p_grain_id_hash
           AND GrainTypeHash = p_grain_type_hash
           AND GrainIdN0 = p_grain_id_n0
           AND GrainIdN1 = p_grain_id_n1
           AND GrainTypeString = p_grain_type
           AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
           AND ServiceId = p_service_id
           AND Version = p_expected_version
        RETURNING Version INTO new_version;

        RETURN new_version;
    END IF;

    PERFORM pg_advisory_xact_lock(1869767529, p_grain_id_hash);

    INSERT INTO OrleansStorage
        (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
         GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
    SELECT p_grain_id_hash, p_grain_id_n0, p_grain_id_n1, p_grain_type_hash, p_grain_type,
           p_grain_id_extension, p_service_id, p_payload, now(), 1
     WHERE NOT EXISTS (
            SELECT 1
              FROM OrleansStorage
             WHERE GrainIdHash = p_grain_id_hash
               AND GrainTypeHash = p_grain_type_hash
               AND GrainIdN0 = p_grain_id_n0
               AND GrainIdN1 = p_grain_id_n1
               AND GrainTypeString = p_grain_type
               AND GrainIdExtensionString IS NOT DISTINCT FROM p_grain_id_extension
               AND ServiceId = p_service_id)
    RETURNING Version INTO new_version;

    RETURN new_version;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
('WriteToStorageKey', $q$
SELECT orleans_storage_write(
    @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
    @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary) AS NewGrainStateVersion
$q$),

('ReadFromStorageKey', $q$
SELECT PayloadBinary, Version
  FROM OrleansStorage
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
   AND ServiceId = @ServiceId
$q$),

-- Keeps the row as a tombstone (payload NULL) and bumps the version, so a
-- stale writer still conflicts afterwards.
('ClearStorageKey', $q$
UPDATE OrleansStorage
   SET PayloadBinary = NULL,
       ModifiedOn    = now(),
       Version       = Version + 1
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
   AND ServiceId = @ServiceId
   AND Version = @GrainStateVersion
RETURNING Version AS NewGrainStateVersion
$q$),

-- Used instead of ClearStorageKey when DeleteStateOnClear = true. The returned
-- value only has to differ from the old etag; the provider then resets the
-- etag to NULL so the next write inserts afresh.
('DeleteStorageKey', $q$
DELETE FROM OrleansStorage
 WHERE GrainIdHash = @GrainIdHash
   AND GrainTypeHash = @GrainTypeHash
   AND GrainIdN0 = @GrainIdN0
   AND GrainIdN1 = @GrainIdN1
   AND GrainTypeString = @GrainTypeString
   AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
   AND ServiceId = @ServiceId
   AND Version = @GrainStateVersion
RETURNING Version + 1 AS NewGrainStateVersion
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
