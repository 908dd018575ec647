-- SECURITY L2: PostgreSQL's 0007 refuses TRUNCATE of the audit log. SQLite has no TRUNCATE (its
-- DELETE without WHERE is refused by the audit file's trigger, migrations/sqlite-audit), so
-- there is nothing to add here; the file keeps both dialects' histories in step.
SELECT 1;
