-- Messages keep their title and body unrendered (a catalog key and its arguments, as JSON)
-- so that each reader sees them in the language of their interface. '' for the messages
-- posted before: they keep only their Chinese text.
ALTER TABLE messages ADD COLUMN title_msg TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN body_msg TEXT NOT NULL DEFAULT '';
