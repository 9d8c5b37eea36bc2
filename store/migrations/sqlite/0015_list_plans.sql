-- A scoped reader's projects are found as a set of ids through the unit indexes
-- (projectScopeIDs): owner unit, lead unit, co-unit. SQLite's indexes on projects already
-- carry the id (the rowid); the co-units' index gains the project id, so the set is read
-- from the indexes alone. (PostgreSQL's migration also adds statistics on the key-level
-- and tag filters; SQLite's list steers its own plans, see DB.scanInOrder.)
CREATE INDEX project_co_units_unit_project ON project_co_units (unit_id, project_id);
DROP INDEX project_co_units_unit;
