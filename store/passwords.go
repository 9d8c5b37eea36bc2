package store

import (
	"context"
	"sync"

	"github.com/stride-hq/stride"
)

// newPasswordSlots bounds how many password hashes the store computes at once: one. An
// argon2id hash holds 19 MiB while it runs, and its block is garbage the moment it ends, so
// a burst of logins is what fills the Go heap to its soft limit (see cmd/stride's
// defaultMemoryLimit). One at a time keeps a burst's live memory to one block; on the two
// cores Stride's servers have, a second slot would roughly double the burst's throughput,
// but a burst of sign-ins is rare while the memory it would take stays with the process.
func newPasswordSlots() chan struct{} { return make(chan struct{}, 1) }

// verifyPassword is stride.VerifyPassword in one of the store's hashing slots; it returns
// ctx's error if the request ends while waiting for one.
func (db *DB) verifyPassword(ctx context.Context, hash, password string) (bool, error) {
	select {
	case db.passwordSlots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-db.passwordSlots }()
	return stride.VerifyPassword(hash, password), nil
}

// hashPassword is stride.HashPassword in one of the store's hashing slots.
func (db *DB) hashPassword(ctx context.Context, password string) (string, error) {
	select {
	case db.passwordSlots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-db.passwordSlots }()
	return stride.HashPassword(password), nil
}

// dummyHash is what a login for an unknown username is verified against, so that timing
// does not tell which usernames exist. It is made on first use rather than when the
// program starts: a hash takes 19 MiB and tens of milliseconds.
func (db *DB) dummyHash() string {
	db.dummy.once.Do(func() { db.dummy.hash = stride.HashPassword("stride-no-such-user") })
	return db.dummy.hash
}

// lazyHash is a hash computed once, on first use.
type lazyHash struct {
	once sync.Once
	hash string
}
