-- The organisation, people, sessions and the audit log.
-- Ids are UUID text; dates are ISO text (YYYY-MM-DD); instants are Unix seconds (UTC);
-- flags are 0/1 integers (sqlx's Any driver cannot read SQLite booleans).

CREATE TABLE municipalities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE areas (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    name TEXT NOT NULL,
    UNIQUE (municipality_id, name)
);

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    area_id TEXT NOT NULL REFERENCES areas (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('health_visiting', 'childminding', 'nursery', 'kindergarten', 'school')),
    UNIQUE (municipality_id, name)
);

CREATE TABLE child_groups (
    id TEXT PRIMARY KEY,
    unit_id TEXT NOT NULL REFERENCES units (id),
    name TEXT NOT NULL,
    UNIQUE (unit_id, name)
);

CREATE TABLE children (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    external_id TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (municipality_id, external_id)
);

CREATE TABLE enrolments (
    id TEXT PRIMARY KEY,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES child_groups (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX enrolments_group ON enrolments (group_id);
CREATE INDEX enrolments_child ON enrolments (child_id);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL REFERENCES municipalities (id),
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('pedagogue', 'teacher', 'childminder', 'health_visitor',
        'unit_leader', 'area_leader', 'specialist', 'administrator')),
    unit_id TEXT REFERENCES units (id),
    area_id TEXT REFERENCES areas (id),
    municipality_id TEXT REFERENCES municipalities (id),
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    CHECK ((unit_id IS NOT NULL)::int + (area_id IS NOT NULL)::int + (municipality_id IS NOT NULL)::int = 1),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX memberships_user ON memberships (user_id);
CREATE INDEX memberships_unit ON memberships (unit_id);

CREATE TABLE guardianships (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    has_custody INTEGER NOT NULL CHECK (has_custody IN (0, 1)),
    address_protected INTEGER NOT NULL DEFAULT 0 CHECK (address_protected IN (0, 1)),
    PRIMARY KEY (user_id, child_id)
);
CREATE INDEX guardianships_child ON guardianships (child_id);

CREATE TABLE case_invitations (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    child_id TEXT NOT NULL REFERENCES children (id) ON DELETE CASCADE,
    starts_on TEXT NOT NULL,
    ends_on TEXT
);
CREATE INDEX case_invitations_user ON case_invitations (user_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE login_attempts (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    at BIGINT NOT NULL,
    succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1))
);
CREATE INDEX login_attempts_username_at ON login_attempts (username, at);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    user_id TEXT,
    unit_id TEXT,
    action TEXT NOT NULL,
    child_id TEXT,
    criterion TEXT,
    purpose TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('allowed', 'denied', 'succeeded', 'failed'))
);
CREATE INDEX audit_log_child_at ON audit_log (child_id, at);
CREATE INDEX audit_log_at ON audit_log (at);

-- SECURITY L2: the application can only append to the audit log.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
