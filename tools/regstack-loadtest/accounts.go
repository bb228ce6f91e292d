package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// loginAccounts is how many accounts the timed login run cycles through:
// more than its workers, so each account has at most one sign-in in flight.
const loginAccounts = 64

// accountEmail is the address of sign-in account i. The login run and the
// bursts sign in many accounts, not the one user: sign-ins of one account
// at once meet the lockout, which lets login_lockout_threshold attempts
// per address be in flight (a reservation is taken before the hashing and
// cleared by a success), and answer 429 without hashing.
func accountEmail(i int) string { return fmt.Sprintf("account-%d@example.com", i) }

// addAccounts copies the load test's user into n accounts account-0 …
// account-(n-1), password hash included, straight into the SQLite file: n
// registrations through the API would cost n Argon2id hashes. The copy
// goes through a temporary table, so it follows whatever columns the
// users table has.
func addAccounts(ctx context.Context, file string, n int) (err error) {
	db, err := sql.Open("sqlite", sqliteFileDSN(file, "_pragma=busy_timeout(5000)"))
	if err != nil {
		return fmt.Errorf("opening the database for the sign-in accounts: %w", err)
	}
	defer func() { err = errors.Join(err, db.Close()) }()
	// One connection: the temporary table lives on it.
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("adding the sign-in accounts: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if _, err = tx.ExecContext(ctx, `CREATE TEMP TABLE account_copy AS SELECT * FROM users WHERE email = ?`, userEmail); err != nil {
		return fmt.Errorf("adding the sign-in accounts: %w", err)
	}
	for i := range n {
		if _, err = tx.ExecContext(ctx, `UPDATE account_copy SET id = ?, email = ?`, fmt.Sprintf("account-%d", i), accountEmail(i)); err != nil {
			return fmt.Errorf("adding sign-in account %d: %w", i, err)
		}
		if _, err = tx.ExecContext(ctx, `INSERT INTO users SELECT * FROM account_copy`); err != nil {
			return fmt.Errorf("adding sign-in account %d: %w", i, err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("adding the sign-in accounts: %w", err)
	}
	return nil
}
