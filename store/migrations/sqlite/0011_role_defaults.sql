-- The default permissions each built-in role has been offered. A permission that a later
-- release adds to a built-in role's defaults is granted once, on the first start that sees it;
-- one an administrator has since revoked stays revoked, because it is recorded here.
-- Empty for roles created before this table: the first start records their current defaults
-- without granting anything (the earlier migrations granted their own keys).
CREATE TABLE builtin_role_defaults (
    role_code  TEXT NOT NULL,
    permission TEXT NOT NULL,
    PRIMARY KEY (role_code, permission)
);
