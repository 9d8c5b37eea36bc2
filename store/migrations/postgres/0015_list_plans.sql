-- A scoped reader's projects are found as a set of ids through the unit indexes
-- (projectScopeIDs): owner unit, lead unit, co-unit. These indexes carry the id, so the set
-- is read from the index alone; the single-column ones sent every lookup to the table's
-- wide rows (a department's 5,000 projects: 3,000 heap pages, 100 ms to seconds cold).
CREATE INDEX projects_owner_id ON projects (owner_unit_id, id);
CREATE INDEX projects_lead_id ON projects (lead_unit_id, id);
CREATE INDEX project_co_units_unit_project ON project_co_units (unit_id, project_id);
DROP INDEX projects_owner;
DROP INDEX projects_lead;
DROP INDEX project_co_units_unit;

-- Statistics of the list filters on key levels and tags, which test the comma-wrapped
-- list with LIKE: without them the planner guesses such a filter matches almost nothing
-- and sorts the matches of the other filters (a red, province-level page: 160 ms) where
-- walking the sort index stops after a page (3 ms).
CREATE STATISTICS projects_key_levels_list ON ((',' || key_levels || ',')) FROM projects;
CREATE STATISTICS projects_tags_list ON ((',' || tags || ',')) FROM projects;
ANALYZE projects;
