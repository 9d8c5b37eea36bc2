-- Approvals and agency service, land-approval files and the blockage ledger (DESIGN.md §4),
-- and the working-day calendar entries administrators add over the built-in notices.

-- Days that differ from the weekday rule, over the notices built into the calendar package:
-- later years and overrides. A year is confirmed once it has an entry.
CREATE TABLE calendar_entries (
    id         INTEGER PRIMARY KEY,
    day        TEXT NOT NULL UNIQUE,
    is_off     BOOLEAN NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

-- The catalogue of standard approval items of the four stages, editable by HQ.
CREATE TABLE approval_catalog (
    id              INTEGER PRIMARY KEY,
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    stage           TEXT NOT NULL,
    seq             INTEGER NOT NULL DEFAULT 0,
    default_unit_id INTEGER REFERENCES units(id) ON DELETE SET NULL,
    statutory_days  INTEGER NOT NULL,
    promised_days   INTEGER NOT NULL DEFAULT 0,
    validity_months INTEGER NOT NULL DEFAULT 0,
    prerequisites   TEXT NOT NULL DEFAULT '',
    categories      TEXT NOT NULL DEFAULT '',
    active          BOOLEAN NOT NULL DEFAULT TRUE,
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);

INSERT INTO approval_catalog (code, name, stage, seq, statutory_days, promised_days, validity_months, prerequisites, note, created_at, updated_at) VALUES
    ('project_approval', '项目审批/核准/备案', 'land_planning', 10, 20, 5, 24, '', '政府投资项目审批、企业投资项目核准或备案', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('site_selection', '用地预审与选址意见书', 'land_planning', 20, 20, 10, 36, '', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('land_use_permit', '建设用地规划许可证', 'land_planning', 30, 20, 5, 0, 'project_approval,site_selection', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('design_review', '设计方案审查', 'engineering', 40, 20, 10, 0, 'land_use_permit', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('planning_permit', '建设工程规划许可证', 'engineering', 50, 20, 5, 12, 'design_review', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('drawing_review', '施工图审查', 'construction', 60, 15, 10, 0, 'planning_permit', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('construction_permit', '施工许可证', 'construction', 70, 7, 3, 3, 'drawing_review', '领取后3个月内开工', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('joint_acceptance', '联合验收', 'acceptance', 80, 12, 7, 0, 'construction_permit', '规划、消防、人防等专项验收限时联合验收', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('completion_filing', '竣工验收备案', 'acceptance', 90, 5, 3, 0, 'joint_acceptance', '', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);

-- Agency-service cases (帮办代办): one per enterprise and project.
CREATE TABLE agency_cases (
    id                 INTEGER PRIMARY KEY,
    project_id         INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    enterprise_unit_id INTEGER NOT NULL REFERENCES units(id),
    mode               TEXT NOT NULL,
    agent_user_id      INTEGER NOT NULL REFERENCES users(id),
    plan               TEXT NOT NULL DEFAULT '',
    note               TEXT NOT NULL DEFAULT '',
    stage              TEXT NOT NULL,
    score              INTEGER,
    comment            TEXT NOT NULL DEFAULT '',
    applied_at         TIMESTAMP NOT NULL,
    accepted_at        TIMESTAMP,
    delivered_at       TIMESTAMP,
    evaluated_at       TIMESTAMP,
    last_event_at      TIMESTAMP NOT NULL,
    created_by         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX agency_cases_project ON agency_cases (project_id);
CREATE INDEX agency_cases_agent ON agency_cases (agent_user_id, stage);
CREATE INDEX agency_cases_enterprise ON agency_cases (enterprise_unit_id);

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES agency_cases(id) ON DELETE CASCADE,
    from_stage  TEXT NOT NULL,
    to_stage    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    by_name     TEXT NOT NULL DEFAULT '',
    at          TIMESTAMP NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id);

-- A project's approval path: item instances forming a DAG, each on its clock. The clock
-- columns hold what the events made of it; due_date is kept while it runs, for filters.
CREATE TABLE approval_items (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    catalog_id      INTEGER REFERENCES approval_catalog(id) ON DELETE SET NULL,
    code            TEXT NOT NULL,
    name            TEXT NOT NULL,
    stage           TEXT NOT NULL,
    seq             INTEGER NOT NULL DEFAULT 0,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    statutory_days  INTEGER NOT NULL,
    promised_days   INTEGER NOT NULL DEFAULT 0,
    validity_months INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'not_started',
    clock_start     TEXT,
    paused_days     INTEGER NOT NULL DEFAULT 0,
    paused_since    TEXT,
    clock_stopped   TEXT,
    due_date        TEXT,
    received_at     TIMESTAMP,
    accepted_at     TIMESTAMP,
    done_at         TIMESTAMP,
    last_event_at   TIMESTAMP,
    permit_no       TEXT NOT NULL DEFAULT '',
    valid_until     TEXT,
    note            TEXT NOT NULL DEFAULT '',
    case_id         INTEGER REFERENCES agency_cases(id) ON DELETE SET NULL,
    created_by      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (project_id, code)
);
CREATE INDEX approval_items_unit ON approval_items (unit_id, status);
CREATE INDEX approval_items_due ON approval_items (due_date);
CREATE INDEX approval_items_case ON approval_items (case_id);

CREATE TABLE approval_item_deps (
    item_id    INTEGER NOT NULL REFERENCES approval_items(id) ON DELETE CASCADE,
    depends_on INTEGER NOT NULL REFERENCES approval_items(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, depends_on)
);
CREATE INDEX approval_item_deps_on ON approval_item_deps (depends_on);

CREATE TABLE approval_events (
    id          INTEGER PRIMARY KEY,
    item_id     INTEGER NOT NULL REFERENCES approval_items(id) ON DELETE CASCADE,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    by_name     TEXT NOT NULL DEFAULT '',
    unit_name   TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX approval_events_item ON approval_events (item_id);

-- Land-approval files, timed at the four first-times. next_step and next_due are kept for
-- filters.
CREATE TABLE land_files (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    parcel           TEXT NOT NULL,
    area_mu          REAL NOT NULL DEFAULT 0,
    land_use         TEXT NOT NULL DEFAULT '',
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    received_at      TIMESTAMP NOT NULL,
    accepted_at      TIMESTAMP,
    reviewed_at      TIMESTAMP,
    needs_supplement BOOLEAN NOT NULL DEFAULT FALSE,
    notified_at      TIMESTAMP,
    supplemented_at  TIMESTAMP,
    reported_at      TIMESTAMP,
    next_step        TEXT NOT NULL DEFAULT '',
    next_due         TEXT,
    note             TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES users(id) ON DELETE SET NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX land_files_unit ON land_files (unit_id, next_step);
CREATE INDEX land_files_project ON land_files (project_id);

CREATE TABLE land_events (
    id          INTEGER PRIMARY KEY,
    file_id     INTEGER NOT NULL REFERENCES land_files(id) ON DELETE CASCADE,
    step        TEXT NOT NULL,
    at          TIMESTAMP NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    by_name     TEXT NOT NULL DEFAULT '',
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX land_events_file ON land_events (file_id);

-- The blockage ledger (难点堵点): the response clock runs to acceptance, the resolution
-- clock to the answer and stops while the raiser confirms.
CREATE TABLE blockages (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    title            TEXT NOT NULL,
    category         TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    approval_item_id INTEGER REFERENCES approval_items(id) ON DELETE SET NULL,
    case_id          INTEGER REFERENCES agency_cases(id) ON DELETE SET NULL,
    land_file_id     INTEGER REFERENCES land_files(id) ON DELETE SET NULL,
    raised_by        INTEGER REFERENCES users(id) ON DELETE SET NULL,
    raiser_name      TEXT NOT NULL DEFAULT '',
    raiser_unit_id   INTEGER REFERENCES units(id) ON DELETE SET NULL,
    owner_unit_id    INTEGER REFERENCES units(id),
    status           TEXT NOT NULL,
    return_reason    TEXT NOT NULL DEFAULT '',
    answer           TEXT NOT NULL DEFAULT '',
    level            INTEGER NOT NULL DEFAULT 0,
    resp_limit       INTEGER NOT NULL DEFAULT 0,
    resp_start       TEXT,
    resp_stopped     TEXT,
    response_due     TEXT,
    res_limit        INTEGER NOT NULL DEFAULT 0,
    res_start        TEXT,
    res_paused_days  INTEGER NOT NULL DEFAULT 0,
    res_paused_since TEXT,
    res_stopped      TEXT,
    resolve_due      TEXT,
    days_to_resolve  INTEGER,
    raised_at        TIMESTAMP NOT NULL,
    assigned_at      TIMESTAMP,
    accepted_at      TIMESTAMP,
    answered_at      TIMESTAMP,
    resolved_at      TIMESTAMP,
    last_event_at    TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX blockages_owner ON blockages (owner_unit_id, status);
CREATE INDEX blockages_raiser ON blockages (raiser_unit_id);
CREATE INDEX blockages_project ON blockages (project_id);
CREATE INDEX blockages_status ON blockages (status, level);

CREATE TABLE blockage_events (
    id          INTEGER PRIMARY KEY,
    blockage_id INTEGER NOT NULL REFERENCES blockages(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    by_user_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    by_name     TEXT NOT NULL DEFAULT '',
    unit_name   TEXT NOT NULL DEFAULT '',
    at          TIMESTAMP NOT NULL
);
CREATE INDEX blockage_events_blockage ON blockage_events (blockage_id);

CREATE TABLE blockage_escalations (
    id           INTEGER PRIMARY KEY,
    blockage_id  INTEGER NOT NULL REFERENCES blockages(id) ON DELETE CASCADE,
    level        INTEGER NOT NULL,
    overdue_days INTEGER NOT NULL DEFAULT 0,
    manual       BOOLEAN NOT NULL DEFAULT FALSE,
    note         TEXT NOT NULL DEFAULT '',
    notified     TEXT NOT NULL DEFAULT '',
    by_name      TEXT NOT NULL DEFAULT '',
    at           TIMESTAMP NOT NULL
);
CREATE INDEX blockage_escalations_blockage ON blockage_escalations (blockage_id);

-- Files attached to blockages and cases (authorisation letters among them), stored by
-- content under the data folder.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    object_type  TEXT NOT NULL,
    object_id    INTEGER NOT NULL,
    kind         TEXT NOT NULL DEFAULT 'file',
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    file         TEXT NOT NULL,
    by_name      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX attachments_object ON attachments (object_type, object_id);

-- The built-in business roles of existing databases get the new permissions (fresh ones
-- get them from the code when the roles are created).
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, g.permission FROM roles r JOIN (
    SELECT 'hq' AS code, 'approval:catalog:update' AS permission
    UNION ALL SELECT 'hq', 'approval:item:read' UNION ALL SELECT 'hq', 'approval:item:update'
    UNION ALL SELECT 'hq', 'approval:item:apply' UNION ALL SELECT 'hq', 'approval:item:handle'
    UNION ALL SELECT 'hq', 'approval:case:read' UNION ALL SELECT 'hq', 'approval:case:update'
    UNION ALL SELECT 'hq', 'approval:case:evaluate' UNION ALL SELECT 'hq', 'land:file:read'
    UNION ALL SELECT 'hq', 'land:file:create' UNION ALL SELECT 'hq', 'land:file:update'
    UNION ALL SELECT 'hq', 'blockage:blockage:read' UNION ALL SELECT 'hq', 'blockage:blockage:create'
    UNION ALL SELECT 'hq', 'blockage:blockage:handle' UNION ALL SELECT 'hq', 'blockage:blockage:assign'
    UNION ALL SELECT 'hq', 'blockage:blockage:coordinate'
    UNION ALL SELECT 'dept', 'approval:item:read' UNION ALL SELECT 'dept', 'approval:item:handle'
    UNION ALL SELECT 'dept', 'land:file:read' UNION ALL SELECT 'dept', 'land:file:create'
    UNION ALL SELECT 'dept', 'land:file:update' UNION ALL SELECT 'dept', 'blockage:blockage:read'
    UNION ALL SELECT 'dept', 'blockage:blockage:create' UNION ALL SELECT 'dept', 'blockage:blockage:handle'
    UNION ALL SELECT 'owner', 'approval:item:read' UNION ALL SELECT 'owner', 'approval:item:apply'
    UNION ALL SELECT 'owner', 'approval:case:read' UNION ALL SELECT 'owner', 'approval:case:evaluate'
    UNION ALL SELECT 'owner', 'land:file:read' UNION ALL SELECT 'owner', 'blockage:blockage:read'
    UNION ALL SELECT 'owner', 'blockage:blockage:create'
    UNION ALL SELECT 'leader', 'approval:item:read' UNION ALL SELECT 'leader', 'approval:case:read'
    UNION ALL SELECT 'leader', 'land:file:read' UNION ALL SELECT 'leader', 'blockage:blockage:read'
    UNION ALL SELECT 'leader', 'blockage:blockage:coordinate'
    UNION ALL SELECT 'agent', 'approval:item:read' UNION ALL SELECT 'agent', 'approval:item:update'
    UNION ALL SELECT 'agent', 'approval:item:apply' UNION ALL SELECT 'agent', 'approval:case:read'
    UNION ALL SELECT 'agent', 'approval:case:update' UNION ALL SELECT 'agent', 'land:file:read'
    UNION ALL SELECT 'agent', 'blockage:blockage:read' UNION ALL SELECT 'agent', 'blockage:blockage:create'
) g ON g.code = r.code
WHERE r.builtin AND NOT EXISTS (SELECT 1 FROM role_permissions rp WHERE rp.role_id = r.id AND rp.permission = g.permission);
