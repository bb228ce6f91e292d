package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/regstack/regstack-gen/blueprints/auth"
)

// newDoctorCommand builds `doctor`.
func newDoctorCommand(c *cli) *cobra.Command {
	var o auth.DoctorOptions
	cmd := &cobra.Command{
		Use:   "doctor [--check-dns] [--send-test-email ADDR]",
		Short: "Check the configuration, database and email delivery",
		Long: `doctor checks the deployment and prints one line per check: ✓ passed,
⚠ deserves attention, ✗ failed. It exits 0 when no check failed and 1
otherwise, with the number of failed checks on stderr. Warnings (a weak but
long JWT secret, a MongoDB server affected by a known vulnerability) do not
fail it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			checks, err := c.doctor(cmd, o)
			if err != nil {
				return err
			}
			for _, ch := range checks {
				fmt.Fprintln(c.stdout, ch)
			}
			if n := auth.CountFailed(checks); n > 0 {
				fmt.Fprintf(c.stderr, "%d check(s) failed.\n", n)
				return &exitError{code: exitFailure}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&o.CheckDNS, "check-dns", false, "check the MX, SPF and DMARC records of the sender's domain")
	cmd.Flags().StringVar(&o.DKIMSelector, "dkim-selector", "", "with --check-dns, also check the DKIM record of selector `SEL`")
	cmd.Flags().StringVar(&o.SendTestEmail, "send-test-email", "", "send a probe message to `ADDR` through the configured email backend")

	//regstack:if sms_2fa

	cmd.Flags().StringVar(&o.SendTestSMS, "send-test-sms", "", "send a probe text to `NUMBER` (E.164) through the configured SMS backend")

	//regstack:end

	return cmd
}

// doctor runs the checks. A configuration that does not load is reported
// as a failed check rather than an error: finding that out is what the
// doctor is for. It calls auth.Diagnose rather than New, so that a
// database that is down fails the backend check alone and every other
// check still runs.
func (c *cli) doctor(cmd *cobra.Command, o auth.DoctorOptions) ([]auth.Check, error) {
	cfg, err := c.loadConfig()
	if err != nil {
		var ee *exitError
		if errors.As(err, &ee) && ee.code == exitFailure && ee.err != nil {
			return []auth.Check{{Name: "config", Status: auth.CheckFail, Detail: ee.err.Error()}}, nil
		}
		return nil, err
	}
	return auth.Diagnose(cmd.Context(), cfg, o, c.options()...), nil
}
