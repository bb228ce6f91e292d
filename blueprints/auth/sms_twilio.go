//regstack:feature sms_2fa sms=twilio

package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	twclient "github.com/twilio/twilio-go/client"
	twapi "github.com/twilio/twilio-go/rest/api/v2010"
)

// TwilioSMSSender sends text messages with Twilio's Messages API, with
// github.com/twilio/twilio-go.
type TwilioSMSSender struct {
	api  *twapi.ApiService
	sid  string
	from string
}

// twilioTimeout bounds one send: twilio-go takes no context, so the HTTP
// client's timeout is what keeps a hung request from holding a sign-in.
const twilioTimeout = 10 * time.Second

// NewTwilioSMSSender returns a sender for the account sid with its auth
// token, sending from the number (or messaging sender) from. All three are
// required. httpClient carries the requests (nil: a client with a 10 s
// timeout that does not follow redirects); a test passes one that reaches
// its own server.
func NewTwilioSMSSender(sid, token, from string, httpClient *http.Client) (*TwilioSMSSender, error) {
	var missing []error
	if sid == "" {
		missing = append(missing, errors.New("sms.twilio_account_sid is empty"))
	}
	if token == "" {
		missing = append(missing, errors.New("sms.twilio_auth_token is empty"))
	}
	if from == "" {
		missing = append(missing, errors.New("sms.from_number is empty"))
	}
	if err := errors.Join(missing...); err != nil {
		return nil, fmt.Errorf("twilio: %w", err)
	}
	if httpClient == nil {
		httpClient = &http.Client{
			Timeout:       twilioTimeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	c := &twclient.Client{Credentials: twclient.NewCredentials(sid, token), HTTPClient: httpClient}
	c.SetAccountSid(sid)
	// Only the Messages API: twilio-go's RestClient would link every
	// Twilio product into the host.
	return &TwilioSMSSender{api: twapi.NewApiServiceWithClient(c), sid: sid, from: from}, nil
}

// openTwilioSMSSender is the SMS transport of a package generated with
// [sms] backend = "twilio"; wire_gen.go calls it. Config.Validate has
// already named any missing setting with its file and line.
func openTwilioSMSSender(_ context.Context, cfg *Config, _ *options) (SMSSender, error) {
	return NewTwilioSMSSender(cfg.SMS.TwilioAccountSID, cfg.SMS.TwilioAuthToken, cfg.SMS.FromNumber, nil)
}

// Send creates one message (POST /2010-04-01/Accounts/{sid}/Messages.json
// with To, From and Body), from m.FromNumber or else the configured
// number, as upstream.
func (s *TwilioSMSSender) Send(ctx context.Context, m SMSMessage) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	from := m.FromNumber
	if from == "" {
		from = s.from
	}
	p := &twapi.CreateMessageParams{}
	p.SetTo(m.To)
	p.SetFrom(from)
	p.SetBody(m.Body)
	if _, err := s.api.CreateMessage(p); err != nil {
		return fmt.Errorf("twilio send to %s: %w", m.To, err)
	}
	return nil
}
