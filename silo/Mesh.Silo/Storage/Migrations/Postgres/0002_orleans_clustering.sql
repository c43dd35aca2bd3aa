-- 0002_orleans_clustering.sql  (PostgreSQL)
--
-- Membership tables and queries for Microsoft.Orleans.Clustering.AdoNet 10.4.x
-- (silo membership table and the client gateway list provider).
-- Requires 0001_orleans_main.sql.
--
-- Contract notes (10.4.x provider):
--   * Table version ("etag") is the integer OrleansMembershipVersionTable.Version.
--     The provider passes it back as @Version (int); Insert/Update must only
--     succeed when it still matches, and must then bump it by one.
--   * Insert/Update/InsertVersion return ONE row with ONE column; the provider
--     reads position 0 and treats > 0 as success, 0 as "lost the race".
--   * Read queries are read by column name: Address, Port, Generation,
--     SiloName, HostName, Status, ProxyPort, SuspectTimes, StartTime,
--     IAmAliveTime, Version. A row must come back for the version table even
--     when there are no members (hence the LEFT JOIN); StartTime = NULL tells
--     the provider "no member in this row".
--   * Timestamps are sent as UTC DateTime values; columns are timestamptz so
--     nothing depends on the session TimeZone setting.
--   * Status values are Orleans SiloStatus: 3 = Active, 6 = Dead.
--   * 10.4.x does NOT send @MetadataJson; newer upstream scripts that reference
--     it would fail with this provider version.
--
-- Idempotent: safe to run more than once. No transaction control in here.
--
-- Hazard: CREATE TABLE IF NOT EXISTS does not reconcile an existing table. If
-- these tables were created earlier by some other script, check the column
-- types by hand (timestamp vs timestamptz, nullability) before relying on it.

CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp    timestamptz  NOT NULL DEFAULT now(),
    Version      integer      NOT NULL DEFAULT 0,

    CONSTRAINT PK_OrleansMembershipVersionTable PRIMARY KEY (DeploymentId)
);

CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address      varchar(45)  NOT NULL,   -- textual IPv4/IPv6 address
    Port         integer      NOT NULL,
    Generation   integer      NOT NULL,
    SiloName     varchar(150) NOT NULL,
    HostName     varchar(150) NOT NULL,
    Status       integer      NOT NULL,
    -- The provider reads ProxyPort with Convert.ToInt32, which throws on NULL,
    -- so it is kept NOT NULL (0 = not a gateway).
    ProxyPort    integer      NOT NULL DEFAULT 0,
    -- "silo,date|silo,date|..." as formatted by the provider; opaque here.
    SuspectTimes text         NULL,
    StartTime    timestamptz  NOT NULL,
    IAmAliveTime timestamptz  NOT NULL,

    CONSTRAINT PK_OrleansMembershipTable PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_OrleansMembershipTable_VersionTable FOREIGN KEY (DeploymentId)
        REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

-- Insert a member row, guarded by the table version.
-- Returns 1 on success, 0 when the version was stale or the row already exists.
--
-- The version row is updated first: that both checks the etag and row-locks the
-- deployment, so concurrent membership writers queue up behind each other.
-- If the member insert then finds an existing row, the custom error raised
-- below unwinds the inner block, which also undoes the version bump. An
-- explicit RAISE is used rather than ASSERT because ASSERT is a no-op when
-- plpgsql.check_asserts is off, which would leave the version bumped.
CREATE OR REPLACE FUNCTION orleans_membership_insert(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_silo_name       text,
    p_host_name       text,
    p_status          integer,
    p_proxy_port      integer,
    p_start_time      timestamptz,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    affected integer;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Version   = Version + 1,
               Timestamp = now()
         WHERE DeploymentId = p_deployment_id
           AND Version = p_version
           AND Version < 2147483647;   -- never overflow the integer etag
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RETURN 0;
        END IF;

        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName,
             Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES
            (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
             p_status, COALESCE(p_proxy_port, 0), p_start_time, p_i_am_alive_time)
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RAISE EXCEPTION 'membership row already exists' USING ERRCODE = 'OR001';
        END IF;

        RETURN 1;
    EXCEPTION
        WHEN SQLSTATE 'OR001' THEN
            RETURN 0;
    END;
END
$fn$;

-- Update a member row (status, suspicion votes, liveness), guarded by the
-- table version. Returns 1 on success, 0 otherwise; same rollback scheme as
-- orleans_membership_insert.
--
-- IAmAliveTime never moves backwards: heartbeats do not bump the table version,
-- so another silo can write back an entry it read before the latest heartbeat.
CREATE OR REPLACE FUNCTION orleans_membership_update(
    p_deployment_id   text,
    p_address         text,
    p_port            integer,
    p_generation      integer,
    p_status          integer,
    p_suspect_times   text,
    p_i_am_alive_time timestamptz,
    p_version         integer)
RETURNS integer
LANGUAGE plpgsql
AS $fn$
DECLARE
    affected integer;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
           SET Version   = Version + 1,
               Timestamp = now()
         WHERE DeploymentId = p_deployment_id
           AND Version = p_version
           AND Version < 2147483647;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RETURN 0;
        END IF;

        UPDATE OrleansMembershipTable
           SET Status       = p_status,
               SuspectTimes = p_suspect_times,
               IAmAliveTime = GREATEST(IAmAliveTime, p_i_am_alive_time)
         WHERE DeploymentId = p_deployment_id
           AND Address = p_address
           AND Port = p_port
           AND Generation = p_generation;
        GET DIAGNOSTICS affected = ROW_COUNT;
        IF affected = 0 THEN
            RAISE EXCEPTION 'membership row not found' USING ERRCODE = 'OR001';
        END IF;

        RETURN 1;
    EXCEPTION
        WHEN SQLSTATE 'OR001' THEN
            RETURN 0;
    END;
END
$fn$;

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Creates the version row for a deployment. One column: 1 if created, 0 if it
-- already existed.
('InsertMembershipVersionKey', $q$
WITH created AS (
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    VALUES (@DeploymentId)
    ON CONFLICT (DeploymentId) DO NOTHING
    RETURNING 1
)
SELECT count(*)::integer FROM created
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(
    @DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
    @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(
    @DeploymentId, @Address, @Port, @Generation,
    @Status, @SuspectTimes, @IAmAliveTime, @Version)
$q$),

-- Heartbeat. Result is not checked and the table version is not touched.
('UpdateIAmAlivetimeKey', $q$
UPDATE OrleansMembershipTable
   SET IAmAliveTime = GREATEST(IAmAliveTime, @IAmAliveTime)
 WHERE DeploymentId = @DeploymentId
   AND Address = @Address
   AND Port = @Port
   AND Generation = @Generation
$q$),

-- One silo's row plus the table version; exactly one row per existing deployment.
('MembershipReadRowKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
       m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
  FROM OrleansMembershipVersionTable AS v
  LEFT JOIN OrleansMembershipTable AS m
         ON m.DeploymentId = v.DeploymentId
        AND m.Address = @Address
        AND m.Port = @Port
        AND m.Generation = @Generation
 WHERE v.DeploymentId = @DeploymentId
$q$),

-- All rows plus the table version, from one statement snapshot so the version
-- matches the rows returned.
('MembershipReadAllKey', $q$
SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName,
       m.Status, m.ProxyPort, m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
  FROM OrleansMembershipVersionTable AS v
  LEFT JOIN OrleansMembershipTable AS m
         ON m.DeploymentId = v.DeploymentId
 WHERE v.DeploymentId = @DeploymentId
$q$),

-- Wipes a whole deployment (members first because of the foreign key). Npgsql
-- sends both statements before a single Sync, so they share one implicit
-- transaction.
('DeleteMembershipTableEntriesKey', $q$
DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId
$q$),

-- Gateways for clients. @Status is always 3 (Active). Columns read by name:
-- Address, ProxyPort, Generation.
('GatewaysQueryKey', $q$
SELECT Address, ProxyPort, Generation
  FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId
   AND Status = @Status
   AND ProxyPort > 0
$q$),

-- Required by 10.4.x, but only used when CleanupDefunctSiloEntryKey (below)
-- is absent. @IAmAliveTime is the cut-off. Deliberately conservative: only
-- Dead rows (6) that are old on every timestamp and carry no suspicion votes.
-- The older "Status != 3" form would also delete Joining / ShuttingDown rows
-- of slow silos.
('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId
   AND Status = 6
   AND StartTime < @IAmAliveTime
   AND IAmAliveTime < @IAmAliveTime
   AND COALESCE(SuspectTimes, '') = ''
$q$),

-- Optional in 10.4.x; when present the provider uses it instead of the bulk
-- query: it reads all rows, picks Dead rows it considers expired (including
-- the vote timestamps, which SQL cannot parse), then deletes each one only if
-- the row still holds exactly the values it read. A row touched in between
-- is left alone. The table version is intentionally not changed.
('CleanupDefunctSiloEntryKey', $q$
DELETE FROM OrleansMembershipTable
 WHERE DeploymentId = @DeploymentId
   AND Address = @Address
   AND Port = @Port
   AND Generation = @Generation
   AND Status = 6
   AND StartTime = @StartTime
   AND IAmAliveTime = @IAmAliveTime
   AND COALESCE(SuspectTimes, '') = COALESCE(@SuspectTimes, '')
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
