-- 一周一督查一通报: inspection checklists, weekly inspection plans, visits with photos and
-- findings, rectification orders (督办单), and the weekly bulletins with their frozen detail.
CREATE TABLE inspection_templates (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    sections   TEXT NOT NULL DEFAULT '[]',
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE inspections (
    id         INTEGER PRIMARY KEY,
    week       TEXT NOT NULL,
    title      TEXT NOT NULL,
    planned_on TEXT NOT NULL,
    leader     TEXT NOT NULL DEFAULT '',
    team       TEXT NOT NULL DEFAULT '',
    note       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'planned',
    created_by TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX inspections_week ON inspections (week);

CREATE TABLE inspection_projects (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (inspection_id, project_id)
);
CREATE INDEX inspection_projects_project ON inspection_projects (project_id);

CREATE TABLE inspection_units (
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
    PRIMARY KEY (inspection_id, unit_id)
);

-- A visit keeps its own copy of the checklist, answers included.
CREATE TABLE inspection_visits (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
    project_id    INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    template_id   INTEGER REFERENCES inspection_templates(id) ON DELETE SET NULL,
    visited_on    TEXT NOT NULL,
    inspectors    TEXT NOT NULL DEFAULT '',
    checklist     TEXT NOT NULL DEFAULT '[]',
    problems      INTEGER NOT NULL DEFAULT 0,
    summary       TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX inspection_visits_inspection ON inspection_visits (inspection_id);
CREATE INDEX inspection_visits_project ON inspection_visits (project_id);
CREATE INDEX inspection_visits_day ON inspection_visits (visited_on);

CREATE TABLE inspection_findings (
    id         INTEGER PRIMARY KEY,
    visit_id   INTEGER NOT NULL REFERENCES inspection_visits(id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    item       TEXT NOT NULL DEFAULT '',
    matter     TEXT NOT NULL,
    severity   TEXT NOT NULL DEFAULT 'general',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX inspection_findings_visit ON inspection_findings (visit_id);

-- One order per finding, numbered per year (督办〔2025〕3号); its clock counts working days
-- from issued_on (day 0) to due_on.
CREATE TABLE rectification_orders (
    id             INTEGER PRIMARY KEY,
    finding_id     INTEGER NOT NULL UNIQUE REFERENCES inspection_findings(id) ON DELETE CASCADE,
    project_id     INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    target_unit_id INTEGER NOT NULL REFERENCES units(id),
    year           INTEGER NOT NULL,
    seq            INTEGER NOT NULL,
    matter         TEXT NOT NULL,
    requirement    TEXT NOT NULL DEFAULT '',
    issued_on      TEXT NOT NULL,
    limit_days     INTEGER NOT NULL,
    due_on         TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    result         TEXT NOT NULL DEFAULT '',
    feedback       TEXT NOT NULL DEFAULT '',
    return_reason  TEXT NOT NULL DEFAULT '',
    close_note     TEXT NOT NULL DEFAULT '',
    answered_at    TIMESTAMP,
    answered_by    TEXT NOT NULL DEFAULT '',
    closed_at      TIMESTAMP,
    closed_by      TEXT NOT NULL DEFAULT '',
    blockage_id    INTEGER,
    issued_by      TEXT NOT NULL DEFAULT '',
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (year, seq)
);
CREATE INDEX rectification_orders_unit ON rectification_orders (target_unit_id, status);
CREATE INDEX rectification_orders_status ON rectification_orders (status, due_on);
CREATE INDEX rectification_orders_project ON rectification_orders (project_id);

-- Site photos of a visit, and evidence photos of an order.
CREATE TABLE inspection_photos (
    id           INTEGER PRIMARY KEY,
    visit_id     INTEGER REFERENCES inspection_visits(id) ON DELETE CASCADE,
    order_id     INTEGER REFERENCES rectification_orders(id) ON DELETE CASCADE,
    project_id   INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    file         TEXT NOT NULL,
    thumb        TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    taken_at     TIMESTAMP,
    latitude     REAL,
    longitude    REAL,
    created_at   TIMESTAMP NOT NULL
);
CREATE INDEX inspection_photos_visit ON inspection_photos (visit_id);
CREATE INDEX inspection_photos_order ON inspection_photos (order_id);

-- Weekly bulletins. number is set on publishing (第N期 within year); a correction has the
-- same number and the next revision. content is the generated document, snapshot the
-- light sets the next week's changes compare with, detail the frozen ledger rows and the
-- project ids behind every figure (gzip'd JSON).
CREATE TABLE bulletins (
    id                INTEGER PRIMARY KEY,
    year              INTEGER NOT NULL,
    week              TEXT NOT NULL,
    number            INTEGER,
    revision          INTEGER NOT NULL DEFAULT 1,
    corrects_id       INTEGER REFERENCES bulletins(id),
    correction_reason TEXT NOT NULL DEFAULT '',
    period_from       TEXT NOT NULL,
    period_to         TEXT NOT NULL,
    as_of             TEXT NOT NULL,
    status            TEXT NOT NULL,
    title             TEXT NOT NULL,
    issuer            TEXT NOT NULL,
    issued_on         TEXT NOT NULL,
    requirements      TEXT NOT NULL DEFAULT '',
    commendations     TEXT NOT NULL DEFAULT '',
    content           TEXT NOT NULL,
    snapshot          TEXT NOT NULL DEFAULT '{}',
    detail            BLOB,
    scope_unit_id     INTEGER REFERENCES units(id),
    created_by        TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL,
    published_at      TIMESTAMP,
    published_by      TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1
);
-- Numbers run per year within each issuing scope; NULL (a draft's) never collides.
CREATE UNIQUE INDEX bulletins_number ON bulletins (year, COALESCE(scope_unit_id, 0), number, revision);
CREATE INDEX bulletins_week ON bulletins (week);
CREATE INDEX bulletins_year ON bulletins (year, status);
-- At most one draft per week and scope: the scheduled job and an editor cannot both make one.
CREATE UNIQUE INDEX bulletins_one_draft ON bulletins (week, COALESCE(scope_unit_id, 0)) WHERE status = 'draft';

-- A published bulletin never changes and is never removed.
CREATE TRIGGER bulletins_published_update BEFORE UPDATE ON bulletins WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'a published bulletin never changes'); END;
CREATE TRIGGER bulletins_published_delete BEFORE DELETE ON bulletins WHEN OLD.status = 'published'
BEGIN SELECT RAISE(ABORT, 'a published bulletin never changes'); END;

-- Existing databases: give the built-in business roles the new permissions (a fresh
-- database has no roles yet; they are created with them).
INSERT INTO role_permissions (role_id, permission)
SELECT r.id, g.permission FROM roles r JOIN (
    SELECT 'hq' AS code, 'inspection:inspection:read' AS permission
    UNION ALL SELECT 'hq', 'inspection:inspection:update'
    UNION ALL SELECT 'hq', 'inspection:order:feedback'
    UNION ALL SELECT 'hq', 'bulletin:bulletin:read'
    UNION ALL SELECT 'hq', 'bulletin:bulletin:update'
    UNION ALL SELECT 'hq', 'bulletin:bulletin:publish'
    UNION ALL SELECT 'leader', 'inspection:inspection:read'
    UNION ALL SELECT 'leader', 'bulletin:bulletin:read'
    UNION ALL SELECT 'dept', 'inspection:inspection:read'
    UNION ALL SELECT 'dept', 'inspection:order:feedback'
    UNION ALL SELECT 'dept', 'bulletin:bulletin:read'
    UNION ALL SELECT 'owner', 'inspection:inspection:read'
    UNION ALL SELECT 'owner', 'inspection:order:feedback'
) g ON g.code = r.code WHERE r.builtin ON CONFLICT DO NOTHING;
