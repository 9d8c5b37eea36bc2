package store

import (
	"context"
	"runtime"
	"sync"

	"github.com/stride-hq/stride"
)

// newPasswordSlots bounds how many password hashes the store computes at once: one per
// CPU. An argon2id hash holds 19 MiB while it runs and keeps a CPU busy, so running more
// at once than there are CPUs gains no throughput and multiplies the memory: a burst of
// eight logins would otherwise hold 152 MiB.
func newPasswordSlots() chan struct{} { return make(chan struct{}, max(1, runtime.GOMAXPROCS(0))) }

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
