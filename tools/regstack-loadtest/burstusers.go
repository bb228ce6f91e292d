package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
)

// burstEmail is the address of burst account i. A burst signs in n
// different accounts at once: n sign-ins of one account would meet the
// lockout, which allows login_lockout_threshold attempts in flight per
// address (the fifth concurrent one reserves the last), and answer 429s
// before any hashing.
func burstEmail(i int) string { return fmt.Sprintf("burst-%d@example.com", i) }

// addBurstUsers copies the load test's user into n accounts burst-0 …
// burst-(n-1), password hash included, straight into the SQLite file: n
// registrations through the API would cost n Argon2id hashes. The copy
// goes through a temporary table, so it follows whatever columns the
// users table has.
func addBurstUsers(ctx context.Context, file string, n int) (err error) {
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: file}).EscapedPath()+"?_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("opening the database for the burst accounts: %w", err)
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	// One connection: the temporary table lives on it.
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("adding the burst accounts: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, `CREATE TEMP TABLE burst_user AS SELECT * FROM users WHERE email = ?`, userEmail); err != nil {
		return fmt.Errorf("adding the burst accounts: %w", err)
	}
	for i := range n {
		if _, err = tx.ExecContext(ctx, `UPDATE burst_user SET id = ?, email = ?`, fmt.Sprintf("burst-%d", i), burstEmail(i)); err != nil {
			return fmt.Errorf("adding burst account %d: %w", i, err)
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO users SELECT * FROM burst_user`); err != nil {
			return fmt.Errorf("adding burst account %d: %w", i, err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("adding the burst accounts: %w", err)
	}
	return nil
}
