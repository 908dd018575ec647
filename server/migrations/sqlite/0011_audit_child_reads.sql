-- SECURITY L1, P3: PostgreSQL's 0011 adds the audit tables for reads of several children. On
-- SQLite they are in the audit log's own file (migrations/sqlite-audit/0002), so there is
-- nothing to add here; the file keeps both dialects' histories in step.
SELECT 1;
