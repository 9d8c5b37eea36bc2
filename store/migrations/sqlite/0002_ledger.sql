-- The project ledger: full project fields, co-units, stage history, custom fields, annual
-- plans with baselines and changes, milestones, monthly reports with photos, the per
-- project-year roll-ups dashboards read, lights and their monthly snapshots, campaigns.
ALTER TABLE projects ADD COLUMN alias TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN key_levels TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN industry TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN content TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN longitude REAL;
ALTER TABLE projects ADD COLUMN latitude REAL;
ALTER TABLE projects ADD COLUMN owner_contact TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN owner_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN responsible_person TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN liaison_leader TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN tags TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN stats_entry_date TEXT;
ALTER TABLE projects ADD COLUMN custom TEXT NOT NULL DEFAULT '{}';
ALTER TABLE projects ADD COLUMN stage_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN start_planned TEXT;
ALTER TABLE projects ADD COLUMN start_actual TEXT;
ALTER TABLE projects ADD COLUMN end_planned TEXT;
ALTER TABLE projects ADD COLUMN end_actual TEXT;
ALTER TABLE projects ADD COLUMN completed_before BIGINT NOT NULL DEFAULT 0;
ALTER TABLE projects ADD COLUMN light TEXT NOT NULL DEFAULT '';
CREATE INDEX projects_stage ON projects (stage);
CREATE INDEX projects_light ON projects (light);
CREATE INDEX projects_name ON projects (name);

CREATE TABLE project_co_units (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    PRIMARY KEY (project_id, unit_id)
);
CREATE INDEX project_co_units_unit ON project_co_units (unit_id);

CREATE TABLE project_stages (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    from_stage TEXT NOT NULL,
    to_stage   TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    changed_at TIMESTAMP NOT NULL,
    changed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX project_stages_project ON project_stages (project_id);

CREATE TABLE custom_fields (
    id          INTEGER PRIMARY KEY,
    key         TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    type        TEXT NOT NULL,
    options     TEXT NOT NULL DEFAULT '[]',
    required    BOOLEAN NOT NULL DEFAULT FALSE,
    filterable  BOOLEAN NOT NULL DEFAULT FALSE,
    list_column BOOLEAN NOT NULL DEFAULT FALSE,
    sort        INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE annual_plans (
    id                  INTEGER PRIMARY KEY,
    project_id          INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year                INTEGER NOT NULL,
    investment          BIGINT NOT NULL DEFAULT 0,
    goals               TEXT NOT NULL DEFAULT '',
    curve               TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL DEFAULT 'draft',
    baseline_investment BIGINT,
    baseline_curve      TEXT NOT NULL DEFAULT '',
    baselined_at        TIMESTAMP,
    approved_by         TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL,
    UNIQUE (project_id, year)
);
CREATE INDEX annual_plans_year ON annual_plans (year);

CREATE TABLE plan_changes (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year        INTEGER NOT NULL,
    subject     TEXT NOT NULL,
    old_value   TEXT NOT NULL DEFAULT '',
    new_value   TEXT NOT NULL DEFAULT '',
    reason_code TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    approver    TEXT NOT NULL DEFAULT '',
    changed_by  TEXT NOT NULL DEFAULT '',
    changed_at  TIMESTAMP NOT NULL
);
CREATE INDEX plan_changes_project ON plan_changes (project_id, year);

CREATE TABLE milestone_templates (
    id            INTEGER PRIMARY KEY,
    category      TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    duration_days INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (category, kind)
);

CREATE TABLE milestones (
    id                  INTEGER PRIMARY KEY,
    project_id          INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    kind                TEXT NOT NULL,
    name                TEXT NOT NULL,
    seq                 INTEGER NOT NULL DEFAULT 0,
    planned_date        TEXT,
    baseline_date       TEXT,
    actual_date         TEXT,
    responsible_unit_id INTEGER REFERENCES units(id),
    responsible_person  TEXT NOT NULL DEFAULT '',
    note                TEXT NOT NULL DEFAULT '',
    verified_at         TIMESTAMP,
    verified_by         TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          TIMESTAMP NOT NULL,
    updated_at          TIMESTAMP NOT NULL
);
CREATE INDEX milestones_project ON milestones (project_id, seq);

CREATE TABLE monthly_reports (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year              INTEGER NOT NULL,
    month             INTEGER NOT NULL,
    revision          INTEGER NOT NULL DEFAULT 1,
    investment        BIGINT NOT NULL,
    progress          TEXT NOT NULL DEFAULT '',
    progress_pct      INTEGER NOT NULL DEFAULT 0,
    problems          TEXT NOT NULL DEFAULT '',
    status            TEXT NOT NULL,
    correction_reason TEXT NOT NULL DEFAULT '',
    return_reason     TEXT NOT NULL DEFAULT '',
    submitted_by      TEXT NOT NULL DEFAULT '',
    submitted_at      TIMESTAMP NOT NULL,
    reviewed_by       TEXT NOT NULL DEFAULT '',
    reviewed_at       TIMESTAMP,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (project_id, year, month, revision)
);
CREATE INDEX monthly_reports_period ON monthly_reports (year, month, status);

CREATE TABLE report_photos (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES monthly_reports(id) ON DELETE CASCADE,
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
CREATE INDEX report_photos_report ON report_photos (report_id);

-- Roll-ups kept on write: one row per project and year, one per project, year and month
-- (planned: the plan's cumulative amount at the month's end).
CREATE TABLE project_years (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    plan       BIGINT NOT NULL DEFAULT 0,
    completed  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, year)
);
CREATE INDEX project_years_year ON project_years (year);

CREATE TABLE project_months (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    year       INTEGER NOT NULL,
    month      INTEGER NOT NULL,
    planned    BIGINT NOT NULL DEFAULT 0,
    completed  BIGINT NOT NULL DEFAULT 0,
    reported   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (project_id, year, month)
);
CREATE INDEX project_months_period ON project_months (year, month);

CREATE TABLE project_lights (
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    dimension   TEXT NOT NULL,
    color       TEXT NOT NULL,
    reasons     TEXT NOT NULL DEFAULT '[]',
    computed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, dimension)
);

CREATE TABLE light_snapshots (
    project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    month      TEXT NOT NULL,
    color      TEXT NOT NULL,
    lights     TEXT NOT NULL DEFAULT '[]',
    taken_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, month)
);
CREATE INDEX light_snapshots_month ON light_snapshots (month);

CREATE TABLE campaigns (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    targets    TEXT NOT NULL DEFAULT '{}',
    rule       TEXT NOT NULL DEFAULT '{}',
    note       TEXT NOT NULL DEFAULT '',
    version    INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE campaign_projects (
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, project_id)
);
CREATE INDEX campaign_projects_project ON campaign_projects (project_id);

-- The in-app message centre: to-dos and notices per user or per unit.
CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    unit_id    INTEGER REFERENCES units(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    done_at    TIMESTAMP
);
CREATE INDEX messages_user ON messages (user_id, done_at);
CREATE INDEX messages_unit ON messages (unit_id, done_at);
CREATE UNIQUE INDEX messages_dedupe ON messages (dedupe_key) WHERE dedupe_key <> '';

-- Scheduled jobs claim a run by inserting its key, so two processes never both run it.
CREATE TABLE job_runs (
    name        TEXT NOT NULL,
    run_key     TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (name, run_key)
);
