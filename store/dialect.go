package store

// jsonText returns the SQL that reads the text at key (a placeholder holding a plain key)
// of a JSON object stored in a text column: the one place the engines' JSON syntax
// differs.
func (db *DB) jsonText(col, keyArg string) string {
	if db.dialect == Postgres {
		return "(" + col + "::jsonb ->> " + keyArg + ")"
	}
	return "json_extract(" + col + ", '$.' || " + keyArg + ")"
}
