-- The project list at a hundred thousand projects, and the versions its caches check.
--
-- List indexes. A list page is read by scanning the index of its sort key in order until
-- the page is full; each index also holds the equality filters (stage, category, light,
-- key levels), so the scan tests them without reading a row, and a count scans one of
-- these narrow indexes rather than the table. The default order is by id.
CREATE INDEX projects_list_filter ON projects (stage, category, light, key_levels);
CREATE INDEX projects_list_id ON projects (id, stage, category, light, key_levels);
CREATE INDEX projects_list_total_investment ON projects (total_investment, id, stage, category, light, key_levels);
CREATE INDEX projects_list_name ON projects (name, id, stage, category, light, key_levels);
CREATE INDEX projects_list_code ON projects ((COALESCE(code, '')), id, stage, category, light, key_levels);
CREATE INDEX projects_list_updated_at ON projects (updated_at, id, stage, category, light, key_levels);
-- The year's figures in the order a list sorted by one of them reads them.
CREATE INDEX project_years_plan ON project_years (year, plan, project_id);
CREATE INDEX project_years_completed ON project_years (year, completed, project_id);

-- Data versions, bumped by the database itself whenever the data a cache holds changes,
-- so that no write path can forget to: 'ledger' for what the project list and project page
-- show (projects, their co-units, units, plans and yearly figures), 'auth' for what a
-- signed-in actor is made of (sessions ending, accounts, roles, grants, units, the
-- security policy). A session's last-seen time, a new session, failed sign-ins and the
-- lockout time change no cached actor, and bump nothing.
INSERT INTO data_versions (name, version) VALUES ('auth', 1);
CREATE TRIGGER projects_ledger_insert AFTER INSERT ON projects
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER projects_ledger_update AFTER UPDATE ON projects
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER projects_ledger_delete AFTER DELETE ON projects
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER project_co_units_ledger_insert AFTER INSERT ON project_co_units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER project_co_units_ledger_update AFTER UPDATE ON project_co_units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER project_co_units_ledger_delete AFTER DELETE ON project_co_units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER project_years_ledger_insert AFTER INSERT ON project_years
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER project_years_ledger_update AFTER UPDATE ON project_years
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER project_years_ledger_delete AFTER DELETE ON project_years
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER annual_plans_ledger_insert AFTER INSERT ON annual_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER annual_plans_ledger_update AFTER UPDATE ON annual_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER annual_plans_ledger_delete AFTER DELETE ON annual_plans
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER units_ledger_insert AFTER INSERT ON units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER units_ledger_update AFTER UPDATE ON units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER units_ledger_delete AFTER DELETE ON units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'ledger'; END;
CREATE TRIGGER user_roles_auth_insert AFTER INSERT ON user_roles
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER user_roles_auth_update AFTER UPDATE ON user_roles
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER user_roles_auth_delete AFTER DELETE ON user_roles
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER roles_auth_insert AFTER INSERT ON roles
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER roles_auth_update AFTER UPDATE ON roles
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER roles_auth_delete AFTER DELETE ON roles
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER role_permissions_auth_insert AFTER INSERT ON role_permissions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER role_permissions_auth_update AFTER UPDATE ON role_permissions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER role_permissions_auth_delete AFTER DELETE ON role_permissions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER role_units_auth_insert AFTER INSERT ON role_units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER role_units_auth_update AFTER UPDATE ON role_units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER role_units_auth_delete AFTER DELETE ON role_units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER units_auth_insert AFTER INSERT ON units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER units_auth_update AFTER UPDATE ON units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER units_auth_delete AFTER DELETE ON units
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER settings_auth_insert AFTER INSERT ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER settings_auth_update AFTER UPDATE ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER settings_auth_delete AFTER DELETE ON settings
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER users_auth_update AFTER UPDATE OF status, must_change_password, password_changed_at, password_hash, unit_id, name, username ON users
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER users_auth_delete AFTER DELETE ON users
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
CREATE TRIGGER sessions_auth_delete AFTER DELETE ON sessions
BEGIN UPDATE data_versions SET version = version + 1 WHERE name = 'auth'; END;
