-- For the bulletin's draft (store.bulletinRows), which streams a year's ledger in id
-- order: a year's members in project order, so that neither engine sorts the year before
-- the first row (SQLite scanned every year's members into a temporary b-tree; PostgreSQL,
-- reading through a cursor, merges this index with the projects' key instead of hashing
-- and sorting them). Unique as the primary key (project_id, year) is, which lets SQLite
-- see that a join on it keeps the project's order.
CREATE UNIQUE INDEX dashboard_members_year ON dashboard_members (year, project_id);
