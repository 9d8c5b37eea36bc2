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
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE data_versions SET version = version + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END
$$;
CREATE TRIGGER projects_ledger AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON projects
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('ledger');
CREATE TRIGGER project_co_units_ledger AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_co_units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('ledger');
CREATE TRIGGER project_years_ledger AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON project_years
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('ledger');
CREATE TRIGGER annual_plans_ledger AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON annual_plans
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('ledger');
CREATE TRIGGER units_ledger AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('ledger');
CREATE TRIGGER user_roles_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON user_roles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER roles_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roles
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER role_permissions_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_permissions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER role_units_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON role_units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER units_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER settings_auth AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER users_auth AFTER UPDATE OF status, must_change_password, password_changed_at, password_hash, unit_id, name, username OR DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
CREATE TRIGGER sessions_auth AFTER DELETE OR TRUNCATE ON sessions
    FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version('auth');
