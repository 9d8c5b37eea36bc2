-- Foundation: organisation, accounts, roles, sessions, settings, audit, projects.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    parent_id  INTEGER REFERENCES units(id),
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    code       TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    sort       INTEGER NOT NULL DEFAULT 0,
    path       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL,
    name                 TEXT NOT NULL,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    phone                TEXT NOT NULL DEFAULT '',
    email                TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL DEFAULT 'active',
    password_hash        TEXT NOT NULL,
    password_changed_at  TIMESTAMP NOT NULL,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins        INTEGER NOT NULL DEFAULT 0,
    locked_until         TIMESTAMP,
    last_login_at        TIMESTAMP,
    version              INTEGER NOT NULL DEFAULT 1,
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (lower(username));
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    builtin     BOOLEAN NOT NULL DEFAULT FALSE,
    admin       TEXT NOT NULL DEFAULT '',
    data_scope  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE role_permissions (
    role_id    INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    permission TEXT NOT NULL,
    PRIMARY KEY (role_id, permission)
);

CREATE TABLE role_units (
    role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (role_id, unit_id)
);

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles(id),
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role ON user_roles (role_id);

-- A session id is the SHA-256 of the cookie token, so a leaked table grants no sessions.
CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TIMESTAMP NOT NULL,
    user_id     INTEGER,
    username    TEXT NOT NULL DEFAULT '',
    unit_name   TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id   TEXT NOT NULL DEFAULT '',
    before_json TEXT,
    after_json  TEXT,
    outcome     TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_object ON audit_log (object_type, object_id);

-- The audit log is append-only: the database itself refuses to change or remove a row.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- REPLACE deletes without firing delete triggers: refuse an insert onto an existing id.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

CREATE TABLE login_log (
    id         INTEGER PRIMARY KEY,
    at         TIMESTAMP NOT NULL,
    username   TEXT NOT NULL,
    user_id    INTEGER,
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL,
    message    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX login_log_at ON login_log (at);

CREATE TRIGGER login_log_no_update BEFORE UPDATE ON login_log
BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;
CREATE TRIGGER login_log_no_delete BEFORE DELETE ON login_log
BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;
CREATE TRIGGER login_log_no_replace BEFORE INSERT ON login_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM login_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'login_log is append-only'); END;

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    code             TEXT UNIQUE,
    name             TEXT NOT NULL,
    category         TEXT NOT NULL,
    stage            TEXT NOT NULL,
    owner_unit_id    INTEGER NOT NULL REFERENCES units(id),
    lead_unit_id     INTEGER NOT NULL REFERENCES units(id),
    total_investment BIGINT NOT NULL DEFAULT 0,
    start_year       INTEGER NOT NULL DEFAULT 0,
    end_year         INTEGER NOT NULL DEFAULT 0,
    created_by       INTEGER REFERENCES users(id),
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX projects_owner ON projects (owner_unit_id);
CREATE INDEX projects_lead ON projects (lead_unit_id);
CREATE INDEX projects_created_by ON projects (created_by);
