//regstack:feature email=ses

package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// sesCall is one SendEmail request as the fake SES endpoint received it.
type sesCall struct {
	accessKey string
	body      sesSendEmail
}

// sesSendEmail is the JSON body of SESv2 SendEmail with simple content.
type sesSendEmail struct {
	FromEmailAddress string
	Destination      struct{ ToAddresses []string }
	Content          struct {
		Simple struct {
			Subject sesTestContent
			Body    struct{ Text, Html sesTestContent }
		}
	}
}

type sesTestContent struct{ Data, Charset string }

// fakeSES is an httptest server standing in for the SES v2 endpoint. It
// checks each request the way SES would: the path and method of
// SendEmail, a JSON body, and a SigV4 signature it recomputes with the
// secret of the access key the request names.
type fakeSES struct {
	t       *testing.T
	srv     *httptest.Server
	secrets map[string]string // access key id → secret
	region  string
	status  int // answer with this status instead of 200 when set

	mu    sync.Mutex
	calls []sesCall
}

// sigV4Header is the shape of an Authorization header signed with SigV4.
var sigV4Header = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/(\d{8})/([a-z0-9-]+)/ses/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

func newFakeSES(t *testing.T, region string, secrets map[string]string) *fakeSES {
	f := &fakeSES{t: t, secrets: secrets, region: region}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeSES) fail(w http.ResponseWriter, format string, args ...any) {
	f.t.Errorf("fake SES: "+format, args...)
	http.Error(w, `{"message":"bad request"}`, http.StatusBadRequest)
}

func (f *fakeSES) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || r.URL.Path != "/v2/email/outbound-emails" {
		f.fail(w, "%s %s, want POST /v2/email/outbound-emails", r.Method, r.URL.Path)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		f.fail(w, "Content-Type %q, want application/json", ct)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.fail(w, "body: %v", err)
		return
	}
	auth := r.Header.Get("Authorization")
	m := sigV4Header.FindStringSubmatch(auth)
	if m == nil {
		f.fail(w, "Authorization %q is not a SigV4 header for ses", auth)
		return
	}
	key, day, region, signed := m[1], m[2], m[3], m[4]
	amzDate := r.Header.Get("X-Amz-Date")
	at, err := time.Parse("20060102T150405Z", amzDate)
	if err != nil || at.Format("20060102") != day {
		f.fail(w, "X-Amz-Date %q does not match the credential scope day %s", amzDate, day)
		return
	}
	if region != f.region {
		f.fail(w, "signed for region %q, want %q", region, f.region)
		return
	}
	for _, h := range []string{"host", "x-amz-date"} {
		if !strings.Contains(";"+signed+";", ";"+h+";") {
			f.fail(w, "SignedHeaders %q lack %s", signed, h)
			return
		}
	}
	secret, ok := f.secrets[key]
	if !ok {
		f.fail(w, "unknown access key %q", key)
		return
	}
	if want := f.resign(r, body, strings.Split(signed, ";"), key, secret, at); want != auth {
		f.fail(w, "signature does not verify:\n got %s\nwant %s", auth, want)
		return
	}
	var in sesSendEmail
	if err := json.Unmarshal(body, &in); err != nil {
		f.fail(w, "body is not JSON: %v\n%s", err, body)
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, sesCall{accessKey: key, body: in})
	f.mu.Unlock()
	if f.status != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "MessageRejected")
		w.WriteHeader(f.status)
		fmt.Fprint(w, `{"message":"Email address is not verified."}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"MessageId":"0100018c-test"}`)
}

// resign signs a copy of r holding only its signed headers with secret, as
// SES does to check a request, and returns the Authorization header it
// gets. (Go's transport adds Accept-Encoding after signing.)
func (f *fakeSES) resign(r *http.Request, body []byte, signed []string, key, secret string, at time.Time) string {
	sum := sha256.Sum256(body)
	req, err := http.NewRequest(r.Method, "http://"+r.Host+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		f.t.Fatal(err)
	}
	for _, h := range signed {
		if h != "host" && h != "content-length" {
			req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
		}
	}
	req.ContentLength = r.ContentLength
	creds := aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "ses", f.region, at); err != nil {
		f.t.Fatal(err)
	}
	return req.Header.Get("Authorization")
}

func (f *fakeSES) received() []sesCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sesCall(nil), f.calls...)
}

// isolateAWS points the SDK's default chain at the fake endpoint and at
// nothing else: no shared files of the machine, no instance metadata.
func isolateAWS(t *testing.T, endpoint string) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_SESV2":      endpoint,
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ACCESS_KEY_ID":           "",
		"AWS_SECRET_ACCESS_KEY":       "",
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
	} {
		t.Setenv(k, v)
	}
}

func TestSESSendsSignedSendEmail(t *testing.T) {
	f := newFakeSES(t, "eu-central-1", map[string]string{"AKIDENVTEST": "env-secret"})
	isolateAWS(t, f.srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENVTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	cfg := DefaultConfig()
	cfg.Email.Backend = "ses"
	cfg.Email.SESRegion = "eu-central-1"
	s, err := openSESEmailSender(context.Background(), cfg, newOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	m := EmailMessage{
		To:          "zoe@example.com",
		FromAddress: "noreply@example.com",
		FromName:    "Zoë Café",
		Subject:     "Bienvenue\r\nBcc: spy@example.com ✓",
		Text:        "Bonjour Zoë — https://app.example.com/verify?token=abc\n",
		HTML:        "<p>Bonjour Zoë</p>\n",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	calls := f.received()
	if len(calls) != 1 {
		t.Fatalf("%d SendEmail calls, want 1", len(calls))
	}
	in := calls[0].body
	simple := in.Content.Simple
	if got, want := in.FromEmailAddress, "=?utf-8?q?Zo=C3=AB_Caf=C3=A9?= <noreply@example.com>"; got != want {
		t.Errorf("FromEmailAddress %q, want %q (RFC 2047 name, as SES requires)", got, want)
	}
	if got := in.Destination.ToAddresses; len(got) != 1 || got[0] != m.To {
		t.Errorf("ToAddresses %q, want [%s]", got, m.To)
	}
	for name, c := range map[string]sesTestContent{"Subject": simple.Subject, "Text": simple.Body.Text, "Html": simple.Body.Html} {
		if c.Charset != "UTF-8" {
			t.Errorf("%s charset %q, want UTF-8", name, c.Charset)
		}
	}
	if simple.Subject.Data != "Bienvenue Bcc: spy@example.com ✓" {
		t.Errorf("Subject %q, want the line break folded", simple.Subject.Data)
	}
	if simple.Body.Text.Data != m.Text || simple.Body.Html.Data != m.HTML {
		t.Errorf("bodies %q / %q, want %q / %q", simple.Body.Text.Data, simple.Body.Html.Data, m.Text, m.HTML)
	}
}

// TestSESProfile: email.ses_profile picks the credentials of that profile
// from the shared credentials file.
func TestSESProfile(t *testing.T) {
	f := newFakeSES(t, "eu-west-1", map[string]string{"AKIDPROFILETEST": "profile-secret"})
	isolateAWS(t, f.srv.URL)
	creds := "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = wrong\n\n" +
		"[regstack-ses]\naws_access_key_id = AKIDPROFILETEST\naws_secret_access_key = profile-secret\n"
	if err := os.WriteFile(os.Getenv("AWS_SHARED_CREDENTIALS_FILE"), []byte(creds), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Email.Backend = "ses"
	cfg.Email.SESProfile = "regstack-ses"
	s, err := openSESEmailSender(context.Background(), cfg, newOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Send(context.Background(), EmailMessage{To: "a@example.com", FromAddress: "noreply@example.com", Subject: "s", Text: "t"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if calls := f.received(); len(calls) != 1 || calls[0].accessKey != "AKIDPROFILETEST" {
		t.Errorf("calls %+v, want one signed with the profile's key", calls)
	}
}

func TestSESRejectionIsAnError(t *testing.T) {
	f := newFakeSES(t, "eu-west-1", map[string]string{"AKIDENVTEST": "env-secret"})
	f.status = http.StatusBadRequest
	isolateAWS(t, f.srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENVTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	cfg := DefaultConfig()
	cfg.Email.Backend = "ses"
	s, err := openSESEmailSender(context.Background(), cfg, newOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), EmailMessage{To: "a@example.com", FromAddress: "noreply@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "MessageRejected") {
		t.Errorf("Send against a rejecting endpoint = %v, want a MessageRejected error", err)
	}
}

// TestSESThroughOutbox: a RegStack with the ses backend and no host sender
// delivers the verification email through the durable outbox.
func TestSESThroughOutbox(t *testing.T) {
	f := newFakeSES(t, "eu-west-1", map[string]string{"AKIDENVTEST": "env-secret"})
	isolateAWS(t, f.srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDENVTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "env-secret")
	cfg := testConfig(t)
	cfg.Email.Backend = "ses"
	cfg.RequireVerification = true // so registering sends the verification email
	rs := newTransportRegStack(t, cfg)
	req := httptest.NewRequest("POST", cfg.APIPrefix+"/register",
		strings.NewReader(fmt.Sprintf(`{"email":"ses-outbox@example.com","password":%q}`, testPassword)))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	rs.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(f.received()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	calls := f.received()
	if len(calls) != 1 || calls[0].body.Destination.ToAddresses[0] != "ses-outbox@example.com" ||
		!strings.Contains(calls[0].body.Content.Simple.Body.Text.Data, "token=") {
		t.Fatalf("SendEmail calls %+v, want the verification email", calls)
	}
}
