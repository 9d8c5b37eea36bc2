-- Evidence photos of promotion-plan nodes, kept like report photos.
CREATE TABLE milestone_photos (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestones(id) ON DELETE CASCADE,
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
CREATE INDEX milestone_photos_milestone ON milestone_photos (milestone_id);
