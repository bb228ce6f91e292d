//regstack:feature sms_2fa sms=sns

package auth

import (
	"context"
	"errors"
	"fmt"
)

// CheckTransport checks that the SNS client has a region and that the
// SDK's credential chain yields credentials, without calling SNS.
func (s *SNSSMSSender) CheckTransport(ctx context.Context) (string, error) {
	o := s.client.Options()
	if o.Region == "" {
		return "", errors.New("no AWS region (set sms.sns_region)")
	}
	if o.Credentials == nil {
		return "", fmt.Errorf("region %s: no AWS credential provider", o.Region)
	}
	creds, err := o.Credentials.Retrieve(ctx)
	if err != nil {
		return "", fmt.Errorf("region %s: no AWS credentials: %w", o.Region, err)
	}
	key := "…"
	if id := creds.AccessKeyID; len(id) > 4 {
		key += id[len(id)-4:]
	}
	return fmt.Sprintf("sns region %s, credentials resolved (%s, access key %s)", o.Region, creds.Source, key), nil
}
