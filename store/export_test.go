package store

// SetOrderedScan sets how many index entries a list page may be expected to pass over
// when read in sort order: 0 has every page sorted, a large value every page scanned.
func (db *DB) SetOrderedScan(n int) { db.orderedScan = n }
