-- The audit log stays append-only against REPLACE too. SQLite's INSERT OR REPLACE (and REPLACE,
-- and an INSERT ... ON CONFLICT upsert) removes the row it collides with without firing the DELETE
-- trigger unless recursive_triggers is on, so the table refuses any insert whose id already exists.
CREATE TRIGGER "AuditEntry_no_replace" BEFORE INSERT ON "AuditEntry"
WHEN EXISTS (SELECT 1 FROM "AuditEntry" WHERE "id" = NEW."id")
BEGIN SELECT RAISE(ABORT, 'AuditEntry is append-only'); END;
