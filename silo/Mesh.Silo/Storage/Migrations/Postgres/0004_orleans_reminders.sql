-- 0004_orleans_reminders.sql  (PostgreSQL)
--
-- Reminder table for Microsoft.Orleans.Reminders.AdoNet 10.4.x.
-- Requires 0001_orleans_main.sql.
--
-- Contract notes (10.4.x provider):
--   * @GrainId is GrainId.ToString() ("type/key"); the provider parses it back
--     with GrainId.Parse, so it must be stored verbatim.
--   * @GrainHash, @BeginHash, @EndHash are the grain's uniform hash (uint)
--     reinterpreted as a SIGNED int. Range reads therefore compare in signed
--     order; the provider picks ReadRangeRows1Key when (int)begin < (int)end
--     and the wrap-around ReadRangeRows2Key otherwise (also for begin = end,
--     meaning the whole ring).
--   * @Period is milliseconds, sent as int when it fits and as bigint
--     otherwise, hence the explicit cast.
--   * Rows are read by column name: GrainId, ReminderName, StartTime, Period,
--     Version. Version is the etag (integer).
--   * 10.4.x does NOT send the cron / priority / next-due parameters that newer
--     upstream scripts use.
--
-- Idempotent: safe to run more than once. No transaction control in here.

CREATE TABLE IF NOT EXISTS OrleansRemindersTable
(
    ServiceId    varchar(150) NOT NULL,
    GrainId      text         NOT NULL,
    ReminderName text         NOT NULL,
    StartTime    timestamptz  NOT NULL,
    Period       bigint       NOT NULL,   -- milliseconds
    GrainHash    integer      NOT NULL,
    Version      integer      NOT NULL,

    CONSTRAINT PK_OrleansRemindersTable PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Serves the ring-range reads every silo runs for the hash range it owns.
CREATE INDEX IF NOT EXISTS IX_OrleansRemindersTable_ServiceId_GrainHash
    ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText)
VALUES
-- Insert or replace; returns the row's new Version (0 for a new row).
('UpsertReminderRowKey', $q$
INSERT INTO OrleansRemindersTable
    (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
VALUES
    (@ServiceId, @GrainId, @ReminderName, @StartTime, CAST(@Period AS bigint), @GrainHash, 0)
ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
   SET StartTime = EXCLUDED.StartTime,
       Period    = EXCLUDED.Period,
       GrainHash = EXCLUDED.GrainHash,
       Version   = OrleansRemindersTable.Version + 1
RETURNING Version
$q$),

('ReadReminderRowsKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND GrainId = @GrainId
$q$),

('ReadReminderRowKey', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND GrainId = @GrainId
   AND ReminderName = @ReminderName
$q$),

-- Non-wrapping range (begin, end].
('ReadRangeRows1Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND GrainHash > @BeginHash
   AND GrainHash <= @EndHash
$q$),

-- Wrapping range: (begin, max] plus [min, end].
('ReadRangeRows2Key', $q$
SELECT GrainId, ReminderName, StartTime, Period, Version
  FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
   AND (GrainHash > @BeginHash OR GrainHash <= @EndHash)
$q$),

-- One column, read at position 0: 1 if deleted, 0 if the etag was stale.
('DeleteReminderRowKey', $q$
WITH deleted AS (
    DELETE FROM OrleansRemindersTable
     WHERE ServiceId = @ServiceId
       AND GrainId = @GrainId
       AND ReminderName = @ReminderName
       AND Version = @Version
    RETURNING 1
)
SELECT count(*)::integer FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM OrleansRemindersTable
 WHERE ServiceId = @ServiceId
$q$)
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
