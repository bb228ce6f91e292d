package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// newReapCommand builds `reap`.
func newReapCommand(c *cli) *cobra.Command {
	return &cobra.Command{
		Use:   "reap",
		Short: "Delete expired rows",
		Long: `reap deletes expired pending registrations, revoked tokens past their
expiry, login failures older than the lockout window, and expired MFA codes
and OAuth states, and prints how many rows it deleted from each table.
Reads already ignore such rows, so reaping only reclaims space; run it from
cron as often as you like. (MongoDB removes them itself with TTL indexes.)
It also deletes the dead-lettered messages of the email outbox (emails that
failed for good; doctor lists them with their errors). Queued messages are
never touched: the application delivers them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return c.withRegStack(cmd, func(ctx context.Context, rs *auth.RegStack) error {
				n, err := rs.Reap(ctx)
				if err != nil {
					return err
				}
				rows := []struct {
					table string
					count int64
				}{
					{"pending_registrations", n.PendingRegistrations},
					{"token_blacklist", n.RevokedTokens},
					{"login_attempts", n.LoginAttempts},
					{"mfa_codes", n.MFACodes},
					{"oauth_states", n.OAuthStates},
					{"email_outbox (dead)", n.DeadEmails},
				}
				for _, r := range rows {
					fmt.Fprintf(c.stdout, "%s: %d\n", r.table, r.count)
				}
				return nil
			})
		},
	}
}
