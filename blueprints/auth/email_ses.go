//regstack:feature email=ses

package auth

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	"github.com/aws/aws-sdk-go-v2/service/sesv2/types"
)

// SESEmailSender delivers email through the Amazon SES v2 API
// (SendEmail with simple content), with github.com/aws/aws-sdk-go-v2.
type SESEmailSender struct {
	client *sesv2.Client
}

// NewSESEmailSender returns a sender that calls SES through client. Use it
// to build the client yourself (another credential source, an HTTP client
// of your own) and pass the sender to WithEmail.
func NewSESEmailSender(client *sesv2.Client) *SESEmailSender {
	return &SESEmailSender{client: client}
}

// openSESEmailSender is the email transport of a package generated with
// [email] backend = "ses"; wire_gen.go calls it.
func openSESEmailSender(ctx context.Context, cfg *Config, _ *options) (EmailSender, error) {
	awsCfg, err := loadSESConfig(ctx, cfg.Email)
	if err != nil {
		return nil, err
	}
	return NewSESEmailSender(sesv2.NewFromConfig(awsCfg)), nil
}

// loadSESConfig loads the AWS configuration the way the AWS CLI does (the
// SDK's default chain: environment, shared config and credentials files,
// SSO, web identity, container and instance roles), in the region of
// email.ses_region and, when email.ses_profile is set, from that profile.
// The SDK's standard endpoint override applies too: AWS_ENDPOINT_URL_SESV2
// (or AWS_ENDPOINT_URL, or endpoint_url in the profile) sends the calls to
// another address, e.g. a local SES emulator.
//
// Credentials are resolved lazily, on the first send; doctor resolves them
// ahead of time.
func loadSESConfig(ctx context.Context, c EmailConfig) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithRegion(c.SESRegion)}
	if c.SESProfile != "" {
		opts = append(opts, config.WithSharedConfigProfile(c.SESProfile))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("ses: loading the AWS configuration (region %q, profile %q): %w", c.SESRegion, c.SESProfile, err)
	}
	return awsCfg, nil
}

// Send delivers m with one SendEmail call: the text and HTML bodies as the
// two alternatives of simple content, every part marked UTF-8, and the
// From header as FromHeader writes it (SES wants a non-ASCII display name
// RFC 2047 encoded, which FromHeader does).
func (s *SESEmailSender) Send(ctx context.Context, m EmailMessage) error {
	body := &types.Body{Text: sesContent(m.Text)}
	if m.HTML != "" {
		body.Html = sesContent(m.HTML)
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(m.FromHeader()),
		Destination:      &types.Destination{ToAddresses: []string{m.To}},
		Content: &types.EmailContent{Simple: &types.Message{
			Subject: sesContent(strings.Join(strings.Fields(m.Subject), " ")),
			Body:    body,
		}},
	}
	if _, err := s.client.SendEmail(ctx, in); err != nil {
		return fmt.Errorf("ses send to %s: %w", m.To, err)
	}
	return nil
}

// sesContent is one UTF-8 part of a simple message.
func sesContent(data string) *types.Content {
	return &types.Content{Data: aws.String(data), Charset: aws.String("UTF-8")}
}
