//regstack:feature sms_2fa sms=sns

package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// SNSSMSSender sends text messages with Amazon SNS (Publish to a phone
// number), with github.com/aws/aws-sdk-go-v2.
type SNSSMSSender struct {
	client *sns.Client
}

// NewSNSSMSSender returns a sender that calls SNS through client. Use it to
// build the client yourself and pass the sender to WithSMS.
func NewSNSSMSSender(client *sns.Client) *SNSSMSSender {
	return &SNSSMSSender{client: client}
}

// openSNSSMSSender is the SMS transport of a package generated with [sms]
// backend = "sns"; wire_gen.go calls it. The AWS configuration comes from
// the SDK's default chain in the region of sms.sns_region; the SDK's
// standard endpoint override (AWS_ENDPOINT_URL_SNS, AWS_ENDPOINT_URL or
// endpoint_url in the profile) applies. Credentials are resolved on the
// first send; doctor resolves them ahead of time.
func openSNSSMSSender(ctx context.Context, cfg *Config, _ *options) (SMSSender, error) {
	awsCfg, err := config.LoadDefaultConfig(ctx, config.WithRegion(cfg.SMS.SNSRegion))
	if err != nil {
		return nil, fmt.Errorf("sns: loading the AWS configuration (region %q): %w", cfg.SMS.SNSRegion, err)
	}
	return NewSNSSMSSender(sns.NewFromConfig(awsCfg)), nil
}

// Send publishes m to its number. The sender id attribute is set only when
// FromNumber is a valid alphanumeric sender id: upstream puts any
// from_number there, and SNS rejects an E.164 number as a sender id.
func (s *SNSSMSSender) Send(ctx context.Context, m SMSMessage) error {
	in := &sns.PublishInput{PhoneNumber: aws.String(m.To), Message: aws.String(m.Body)}
	if isAlphanumericSenderID(m.FromNumber) {
		in.MessageAttributes = map[string]types.MessageAttributeValue{
			"AWS.SNS.SMS.SenderID": {DataType: aws.String("String"), StringValue: aws.String(m.FromNumber)},
		}
	}
	if _, err := s.client.Publish(ctx, in); err != nil {
		return fmt.Errorf("sns publish to %s: %w", m.To, err)
	}
	return nil
}

// isAlphanumericSenderID reports whether s can be an SMS sender id: 1 to
// 11 ASCII letters and digits, at least one of them a letter.
func isAlphanumericSenderID(s string) bool {
	if len(s) == 0 || len(s) > 11 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}
