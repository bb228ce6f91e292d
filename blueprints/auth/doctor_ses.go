//regstack:feature email=ses

package auth

import (
	"context"
	"errors"
	"fmt"
)

// CheckTransport checks that the SES client has a region and that the
// SDK's credential chain yields credentials, without calling SES (which
// would need an IAM permission beyond ses:SendEmail).
func (s *SESEmailSender) CheckTransport(ctx context.Context) (string, error) {
	o := s.client.Options()
	if o.Region == "" {
		return "", errors.New("no AWS region (set email.ses_region)")
	}
	if o.Credentials == nil {
		return "", fmt.Errorf("region %s: no AWS credential provider", o.Region)
	}
	creds, err := o.Credentials.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("region %s: no AWS credentials: %w", o.Region, err)
	}
	return fmt.Sprintf("ses region %s, credentials resolved (%s, access key %s)", o.Region, creds.Source, maskAccessKey(creds.AccessKeyID)), nil
}

// maskAccessKey keeps the last four characters of an access key id, enough
// to tell two keys apart in a log without printing the id.
func maskAccessKey(id string) string {
	if len(id) <= 4 {
		return "…"
	}
	return "…" + id[len(id)-4:]
}
