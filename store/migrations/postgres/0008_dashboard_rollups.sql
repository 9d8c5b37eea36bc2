-- Zone-wide dashboard roll-ups, kept in the writing transaction (store/rollups.go), so a
-- reader who sees the whole zone reads a few hundred rows instead of the year's ledger.
--
-- dashboard_members is what each project of a year's ledger (a plan for the year, not
-- terminated) contributes to that year: its grouping keys, its counts, and its plan's
-- cumulative amount and the investment completed for each month. A write takes back a
-- project's stored contribution and adds its new one, so the member rows carry no foreign
-- key: a deleted project's contribution is taken back after the delete.
CREATE TABLE dashboard_members (
    project_id       BIGINT NOT NULL,
    year             INTEGER NOT NULL,
    lead_unit_id     BIGINT NOT NULL,
    stage            TEXT NOT NULL,
    category         TEXT NOT NULL,
    light            TEXT NOT NULL,
    red_dims         INTEGER NOT NULL DEFAULT 0,
    total_investment BIGINT NOT NULL DEFAULT 0,
    plan             BIGINT NOT NULL DEFAULT 0,
    started          INTEGER NOT NULL DEFAULT 0,
    completions      INTEGER NOT NULL DEFAULT 0,
    new_projects     INTEGER NOT NULL DEFAULT 0,
    level_province   INTEGER NOT NULL DEFAULT 0,
    level_city       INTEGER NOT NULL DEFAULT 0,
    level_district   INTEGER NOT NULL DEFAULT 0,
    planned_01 BIGINT NOT NULL DEFAULT 0,
    planned_02 BIGINT NOT NULL DEFAULT 0,
    planned_03 BIGINT NOT NULL DEFAULT 0,
    planned_04 BIGINT NOT NULL DEFAULT 0,
    planned_05 BIGINT NOT NULL DEFAULT 0,
    planned_06 BIGINT NOT NULL DEFAULT 0,
    planned_07 BIGINT NOT NULL DEFAULT 0,
    planned_08 BIGINT NOT NULL DEFAULT 0,
    planned_09 BIGINT NOT NULL DEFAULT 0,
    planned_10 BIGINT NOT NULL DEFAULT 0,
    planned_11 BIGINT NOT NULL DEFAULT 0,
    planned_12 BIGINT NOT NULL DEFAULT 0,
    completed_01 BIGINT NOT NULL DEFAULT 0,
    completed_02 BIGINT NOT NULL DEFAULT 0,
    completed_03 BIGINT NOT NULL DEFAULT 0,
    completed_04 BIGINT NOT NULL DEFAULT 0,
    completed_05 BIGINT NOT NULL DEFAULT 0,
    completed_06 BIGINT NOT NULL DEFAULT 0,
    completed_07 BIGINT NOT NULL DEFAULT 0,
    completed_08 BIGINT NOT NULL DEFAULT 0,
    completed_09 BIGINT NOT NULL DEFAULT 0,
    completed_10 BIGINT NOT NULL DEFAULT 0,
    completed_11 BIGINT NOT NULL DEFAULT 0,
    completed_12 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, year)
);
-- The red list: a year's red projects, most red dimensions first.
CREATE INDEX dashboard_members_red ON dashboard_members (year, red_dims DESC, project_id) WHERE red_dims > 0;

-- The members summed per year, lead unit, stage, category and light (groups without a
-- project are removed).
CREATE TABLE dashboard_groups (
    year             INTEGER NOT NULL,
    lead_unit_id     BIGINT NOT NULL,
    stage            TEXT NOT NULL,
    category         TEXT NOT NULL,
    light            TEXT NOT NULL,
    projects         INTEGER NOT NULL DEFAULT 0,
    total_investment BIGINT NOT NULL DEFAULT 0,
    plan             BIGINT NOT NULL DEFAULT 0,
    started          INTEGER NOT NULL DEFAULT 0,
    completions      INTEGER NOT NULL DEFAULT 0,
    new_projects     INTEGER NOT NULL DEFAULT 0,
    level_province   INTEGER NOT NULL DEFAULT 0,
    level_city       INTEGER NOT NULL DEFAULT 0,
    level_district   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (year, lead_unit_id, stage, category, light)
);

-- The members' months summed per year and lead unit.
CREATE TABLE dashboard_unit_months (
    year             INTEGER NOT NULL,
    lead_unit_id     BIGINT NOT NULL,
    planned_01 BIGINT NOT NULL DEFAULT 0,
    planned_02 BIGINT NOT NULL DEFAULT 0,
    planned_03 BIGINT NOT NULL DEFAULT 0,
    planned_04 BIGINT NOT NULL DEFAULT 0,
    planned_05 BIGINT NOT NULL DEFAULT 0,
    planned_06 BIGINT NOT NULL DEFAULT 0,
    planned_07 BIGINT NOT NULL DEFAULT 0,
    planned_08 BIGINT NOT NULL DEFAULT 0,
    planned_09 BIGINT NOT NULL DEFAULT 0,
    planned_10 BIGINT NOT NULL DEFAULT 0,
    planned_11 BIGINT NOT NULL DEFAULT 0,
    planned_12 BIGINT NOT NULL DEFAULT 0,
    completed_01 BIGINT NOT NULL DEFAULT 0,
    completed_02 BIGINT NOT NULL DEFAULT 0,
    completed_03 BIGINT NOT NULL DEFAULT 0,
    completed_04 BIGINT NOT NULL DEFAULT 0,
    completed_05 BIGINT NOT NULL DEFAULT 0,
    completed_06 BIGINT NOT NULL DEFAULT 0,
    completed_07 BIGINT NOT NULL DEFAULT 0,
    completed_08 BIGINT NOT NULL DEFAULT 0,
    completed_09 BIGINT NOT NULL DEFAULT 0,
    completed_10 BIGINT NOT NULL DEFAULT 0,
    completed_11 BIGINT NOT NULL DEFAULT 0,
    completed_12 BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (year, lead_unit_id)
);

-- 0 until the roll-ups are built from the ledger: the first Migrate after this one builds
-- them (store.ensureDashboardRollups) and sets 1.
INSERT INTO data_versions (name, version) VALUES ('dashboard_rollups', 0);
