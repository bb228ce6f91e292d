package auth

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// tokenInURL is the expression upstream's tests use to pull a token out of
// the text body of an email.
var tokenInURL = regexp.MustCompile(`token=([^&\s]+)`)

func mailerTestConfig() *Config {
	return &Config{
		AppName: "MyApp",
		Email:   EmailConfig{FromAddress: "noreply@example.com", FromName: "MyApp"},
	}
}

func mustNewMailer(t *testing.T, cfg *Config) *mailer {
	t.Helper()
	m, err := newMailer(cfg, nil)
	if err != nil {
		t.Fatalf("newMailer: %v", err)
	}
	return m
}

// renderEach renders every kind with the same inputs, keyed by kind.
func renderEach(t *testing.T, m *mailer, to, fullName, url string, ttl time.Duration) map[string]EmailMessage {
	t.Helper()
	out := map[string]EmailMessage{}
	var err error
	if out[emailKindVerification], err = m.verification(to, fullName, url); err != nil {
		t.Fatalf("verification: %v", err)
	}
	if out[emailKindPasswordReset], err = m.passwordReset(to, fullName, url, ttl); err != nil {
		t.Fatalf("passwordReset: %v", err)
	}
	if out[emailKindEmailChange], err = m.emailChange(to, fullName, url, ttl); err != nil {
		t.Fatalf("emailChange: %v", err)
	}
	return out
}

func TestMailerHeaders(t *testing.T) {
	m := mustNewMailer(t, mailerTestConfig())
	msgs := renderEach(t, m, "ada@example.org", "Ada", "https://app.example.com/x?token=t", 30*time.Minute)
	tests := []struct {
		kind        string
		wantSubject string
	}{
		{emailKindVerification, "Confirm your MyApp account"},
		{emailKindPasswordReset, "Reset your MyApp password"},
		{emailKindEmailChange, "Confirm your new MyApp email address"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			got := msgs[tt.kind]
			want := EmailMessage{
				To:          "ada@example.org",
				FromAddress: "noreply@example.com",
				FromName:    "MyApp",
				Subject:     tt.wantSubject,
			}
			got.HTML, got.Text = "", ""
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("message headers (-want +got):\n%s", diff)
			}
			if got, want := got.FromHeader(), "MyApp <noreply@example.com>"; got != want {
				t.Errorf("FromHeader() = %q, want %q", got, want)
			}
		})
	}
}

func TestMailerLinkInBodies(t *testing.T) {
	const token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl-_"
	url := "https://app.example.com/account/verify?token=" + token
	m := mustNewMailer(t, mailerTestConfig())
	for kind, msg := range renderEach(t, m, "ada@example.org", "Ada", url, time.Hour) {
		t.Run(kind, func(t *testing.T) {
			var linkLines []string
			for line := range strings.Lines(msg.Text) {
				if strings.Contains(line, url) {
					linkLines = append(linkLines, line)
				}
			}
			if diff := cmp.Diff([]string{"  " + url + "\n"}, linkLines); diff != "" {
				t.Errorf("text lines holding the URL (-want +got):\n%s\ntext:\n%s", diff, msg.Text)
			}
			var tokens []string
			for _, sm := range tokenInURL.FindAllStringSubmatch(msg.Text, -1) {
				tokens = append(tokens, sm[1])
			}
			if diff := cmp.Diff([]string{token}, tokens); diff != "" {
				t.Errorf("tokens extracted from text (-want +got):\n%s", diff)
			}
			// The HTML carries the link twice: on the button and as text.
			if got := strings.Count(msg.HTML, `href="`+url+`"`); got != 2 {
				t.Errorf("HTML has %d links to the URL, want 2 (button and raw link):\n%s", got, msg.HTML)
			}
			if !strings.Contains(msg.HTML, ">"+url+"</a>") {
				t.Errorf("HTML does not show the raw URL:\n%s", msg.HTML)
			}
			for _, body := range []string{msg.Text, msg.HTML} {
				if !strings.Contains(body, "ignore this email") {
					t.Errorf("body lacks the ignore-if-unrequested footer:\n%s", body)
				}
			}
		})
	}
}

func TestMailerTTLMinutes(t *testing.T) {
	tests := []struct {
		ttl      time.Duration
		want     int
		wantText string
	}{
		{ttl: 1800 * time.Second, want: 30, wantText: "30 minutes"},
		{ttl: 59 * time.Second, want: 1, wantText: "1 minute"},
		{ttl: 0, want: 1, wantText: "1 minute"},
		{ttl: 119 * time.Second, want: 1, wantText: "1 minute"},
		{ttl: 120 * time.Second, want: 2, wantText: "2 minutes"},
		{ttl: 24 * time.Hour, want: 1440, wantText: "1440 minutes"},
	}
	m := mustNewMailer(t, mailerTestConfig())
	for _, tt := range tests {
		t.Run(tt.ttl.String(), func(t *testing.T) {
			if got := ttlMinutes(tt.ttl); got != tt.want {
				t.Errorf("ttlMinutes(%v) = %d, want %d", tt.ttl, got, tt.want)
			}
			msgs := renderEach(t, m, "a@example.org", "", "https://x.example/?token=t", tt.ttl)
			for _, kind := range []string{emailKindPasswordReset, emailKindEmailChange} {
				msg := msgs[kind]
				for part, body := range map[string]string{"text": msg.Text, "html": msg.HTML} {
					if !strings.Contains(body, " "+tt.wantText+".") && !strings.Contains(body, " "+tt.wantText+":") {
						t.Errorf("%s %s body does not state %q:\n%s", kind, part, tt.wantText, body)
					}
				}
			}
		})
	}
}

func TestMailerFullName(t *testing.T) {
	tests := []struct {
		name         string
		fullName     string
		wantText     string
		wantHTML     string
		forbidInHTML string
	}{
		{name: "none", fullName: "", wantText: "Hello,\n", wantHTML: ">Hello,</p>"},
		{name: "plain", fullName: "Ada Lovelace", wantText: "Hello Ada Lovelace,\n", wantHTML: ">Hello Ada Lovelace,</p>"},
		{
			name:         "markup",
			fullName:     `<script>alert("x")</script>`,
			wantText:     "Hello <script>alert(\"x\")</script>,\n",
			wantHTML:     ">Hello &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;,</p>",
			forbidInHTML: "<script>",
		},
	}
	m := mustNewMailer(t, mailerTestConfig())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for kind, msg := range renderEach(t, m, "a@example.org", tt.fullName, "https://x.example/?token=t", time.Hour) {
				if !strings.HasPrefix(msg.Text, tt.wantText) {
					t.Errorf("%s text starts %q, want prefix %q", kind, firstLine(msg.Text), tt.wantText)
				}
				if !strings.Contains(msg.HTML, tt.wantHTML) {
					t.Errorf("%s HTML lacks %q:\n%s", kind, tt.wantHTML, msg.HTML)
				}
				if tt.forbidInHTML != "" && strings.Contains(msg.HTML, tt.forbidInHTML) {
					t.Errorf("%s HTML contains unescaped %q:\n%s", kind, tt.forbidInHTML, msg.HTML)
				}
			}
		})
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

func TestMailerHTMLRejectsScriptURL(t *testing.T) {
	m := mustNewMailer(t, mailerTestConfig())
	msg, err := m.verification("a@example.org", "", "javascript:alert(1)")
	if err != nil {
		t.Fatalf("verification: %v", err)
	}
	if strings.Contains(msg.HTML, `href="javascript:`) {
		t.Errorf("HTML links to a javascript: URL:\n%s", msg.HTML)
	}
}

func TestMailerHostOverride(t *testing.T) {
	host := fstest.MapFS{
		"verification.html":          {Data: []byte(`<p>Custom {{.AppName}}: <a href="{{.URL}}">go</a>{{.FullName}}</p>`)},
		"password_reset.subject.txt": {Data: []byte("  Welcome back to {{.AppName}}!\n\n")},
		// Not a template name the mailer uses: must be ignored.
		"auth/login.html": {Data: []byte("{{ broken")},
	}
	m, err := newMailer(mailerTestConfig(), host)
	if err != nil {
		t.Fatalf("newMailer: %v", err)
	}
	bundled := mustNewMailer(t, mailerTestConfig())
	url := "https://x.example/verify?token=abc"

	got, err := m.verification("a@example.org", "<b>", url)
	if err != nil {
		t.Fatalf("verification: %v", err)
	}
	want, err := bundled.verification("a@example.org", "<b>", url)
	if err != nil {
		t.Fatalf("bundled verification: %v", err)
	}
	want.HTML = `<p>Custom MyApp: <a href="https://x.example/verify?token=abc">go</a>&lt;b&gt;</p>`
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verification with host HTML (-want +got):\n%s", diff)
	}

	got, err = m.passwordReset("a@example.org", "", url, time.Hour)
	if err != nil {
		t.Fatalf("passwordReset: %v", err)
	}
	want, err = bundled.passwordReset("a@example.org", "", url, time.Hour)
	if err != nil {
		t.Fatalf("bundled passwordReset: %v", err)
	}
	want.Subject = "Welcome back to MyApp!"
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("password reset with host subject (-want +got):\n%s", diff)
	}
}

func TestNewMailerBrokenHostTemplate(t *testing.T) {
	tests := []struct {
		name string
		file string
		src  string
	}{
		{name: "text parse error", file: "verification.txt", src: "Hello {{.FullName"},
		{name: "html parse error", file: "email_change.html", src: "<p>{{if .URL}}</p>"},
		{name: "subject unknown field", file: "password_reset.subject.txt", src: "Reset {{.Application}}"},
		{name: "html unknown field", file: "verification.html", src: "<p>{{.Nmae}}</p>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			host := fstest.MapFS{tt.file: {Data: []byte(tt.src)}}
			m, err := newMailer(mailerTestConfig(), host)
			if err == nil {
				t.Fatalf("newMailer succeeded with a broken %s (mailer %v)", tt.file, m)
			}
			if want := "host email template " + tt.file; !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %q", err, want)
			}
		})
	}
}

// slotTestSender counts the messages it is given.
type slotTestSender struct {
	mu   sync.Mutex
	name string
	sent int
}

func (s *slotTestSender) Send(ctx context.Context, m EmailMessage) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent++
	return nil
}

func (s *slotTestSender) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent
}

func TestSetEmailSenderWhileSending(t *testing.T) {
	rs := &RegStack{}
	a, b := &slotTestSender{name: "a"}, &slotTestSender{name: "b"}
	rs.SetEmailSender(a)

	const sends = 2000
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range sends {
			if err := rs.emailSender().Send(context.Background(), EmailMessage{}); err != nil {
				t.Errorf("Send: %v", err)
				return
			}
		}
	}()
	for i := 0; ; i++ {
		select {
		case <-done:
			rs.SetEmailSender(b)
			if got := rs.emailSender(); got != b {
				t.Errorf("emailSender() after the last swap = %v, want b", got)
			}
			if got := a.count() + b.count(); got != sends {
				t.Errorf("senders received %d messages, want %d", got, sends)
			}
			return
		default:
		}
		if i%2 == 0 {
			rs.SetEmailSender(b)
		} else {
			rs.SetEmailSender(a)
		}
	}
}

func TestSetEmailSenderNilPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("SetEmailSender(nil) did not panic")
		}
	}()
	(&RegStack{}).SetEmailSender(nil)
}

func TestEmailMessageFromHeader(t *testing.T) {
	tests := []struct {
		name     string
		fromName string
		want     string
	}{
		{name: "plain", fromName: "MyApp", want: "MyApp <noreply@example.com>"},
		{name: "words", fromName: "My App Team", want: "My App Team <noreply@example.com>"},
		{name: "atext symbols", fromName: "O'Brien & Co", want: "O'Brien & Co <noreply@example.com>"},
		{name: "empty", fromName: "", want: "noreply@example.com"},
		{name: "specials", fromName: "Acme, Inc.", want: `"Acme, Inc." <noreply@example.com>`},
		{name: "quote and backslash", fromName: `Say "hi" \o/`, want: `"Say \"hi\" \\o/" <noreply@example.com>`},
		{name: "looks encoded", fromName: "=?utf-8?q?x?=", want: `"=?utf-8?q?x?=" <noreply@example.com>`},
		{name: "non-ASCII", fromName: "Zoë", want: "=?utf-8?q?Zo=C3=AB?= <noreply@example.com>"},
		{name: "line break", fromName: "Evil\r\nBcc: victim@example.org", want: "=?utf-8?q?Evil=0D=0ABcc:_victim@example.org?= <noreply@example.com>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := EmailMessage{FromAddress: "noreply@example.com", FromName: tt.fromName}
			if got := m.FromHeader(); got != tt.want {
				t.Errorf("FromHeader() with name %q = %q, want %q", tt.fromName, got, tt.want)
			}
		})
	}
}

func ExampleEmailMessage_FromHeader() {
	m := EmailMessage{FromAddress: "noreply@example.com", FromName: "Acme, Inc."}
	fmt.Println(m.FromHeader())
	// Output: "Acme, Inc." <noreply@example.com>
}
