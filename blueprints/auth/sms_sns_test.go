//regstack:feature sms_2fa sms=sns

package auth

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// fakeSNS is an httptest server standing in for the SNS endpoint. It
// checks each request as SNS would: a POST of the Query protocol
// (form-encoded Action=Publish, Version=2010-03-31) signed with SigV4 for
// service sns, whose signature it recomputes with the key's secret.
type fakeSNS struct {
	t      *testing.T
	srv    *httptest.Server
	key    string
	secret string
	region string

	mu    sync.Mutex
	calls []url.Values
}

var snsSigV4Header = regexp.MustCompile(`^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/(\d{8})/([a-z0-9-]+)/sns/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$`)

func newFakeSNS(t *testing.T, region, key, secret string) *fakeSNS {
	f := &fakeSNS{t: t, key: key, secret: secret, region: region}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL_SNS":        f.srv.URL,
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"AWS_ACCESS_KEY_ID":           key,
		"AWS_SECRET_ACCESS_KEY":       secret,
		"AWS_SESSION_TOKEN":           "",
		"AWS_PROFILE":                 "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
	} {
		t.Setenv(k, v)
	}
	return f
}

func (f *fakeSNS) fail(w http.ResponseWriter, format string, args ...any) {
	f.t.Errorf("fake SNS: "+format, args...)
	http.Error(w, "<ErrorResponse/>", http.StatusBadRequest)
}

func (f *fakeSNS) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.fail(w, "body: %v", err)
		return
	}
	if r.Method != http.MethodPost || r.URL.Path != "/" {
		f.fail(w, "%s %s, want POST /", r.Method, r.URL.Path)
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		f.fail(w, "Content-Type %q, want the Query protocol's form encoding", ct)
		return
	}
	auth := r.Header.Get("Authorization")
	m := snsSigV4Header.FindStringSubmatch(auth)
	if m == nil {
		f.fail(w, "Authorization %q is not a SigV4 header for sns", auth)
		return
	}
	if m[1] != f.key || m[3] != f.region {
		f.fail(w, "signed with key %s for region %s, want %s / %s", m[1], m[3], f.key, f.region)
		return
	}
	at, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		f.fail(w, "X-Amz-Date: %v", err)
		return
	}
	if want := f.resign(r, body, strings.Split(m[4], ";"), at); want != auth {
		f.fail(w, "signature does not verify:\n got %s\nwant %s", auth, want)
		return
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		f.fail(w, "body is not a form: %v", err)
		return
	}
	if form.Get("Action") != "Publish" || form.Get("Version") != "2010-03-31" {
		f.fail(w, "Action %q Version %q, want Publish 2010-03-31", form.Get("Action"), form.Get("Version"))
		return
	}
	f.mu.Lock()
	f.calls = append(f.calls, form)
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprint(w, `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishResponse>`)
}

// resign signs a copy of r holding only its signed headers, as SNS does.
func (f *fakeSNS) resign(r *http.Request, body []byte, signed []string, at time.Time) string {
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
	creds := aws.Credentials{AccessKeyID: f.key, SecretAccessKey: f.secret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "sns", f.region, at); err != nil {
		f.t.Fatal(err)
	}
	return req.Header.Get("Authorization")
}

func (f *fakeSNS) received() []url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values(nil), f.calls...)
}

func TestSNSPublish(t *testing.T) {
	f := newFakeSNS(t, "eu-central-1", "AKIDSNSTEST", "sns-secret")
	cfg := DefaultConfig()
	cfg.SMS.Backend = "sns"
	cfg.SMS.SNSRegion = "eu-central-1"
	s, err := openSNSSMSSender(context.Background(), cfg, newOptions(nil))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Send(ctx, SMSMessage{To: testPhone, Body: "App sign-in code: 123456.", FromNumber: "MyApp"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	// An E.164 from_number is no sender id: upstream sends it, SNS refuses.
	if err := s.Send(ctx, SMSMessage{To: testPhone, Body: "Zoë: 654321", FromNumber: "+15005550006"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	calls := f.received()
	if len(calls) != 2 {
		t.Fatalf("%d Publish calls, want 2", len(calls))
	}
	if c := calls[0]; c.Get("PhoneNumber") != testPhone || c.Get("Message") != "App sign-in code: 123456." ||
		c.Get("MessageAttributes.entry.1.Name") != "AWS.SNS.SMS.SenderID" ||
		c.Get("MessageAttributes.entry.1.Value.DataType") != "String" ||
		c.Get("MessageAttributes.entry.1.Value.StringValue") != "MyApp" {
		t.Errorf("first Publish %v", c)
	}
	if c := calls[1]; c.Get("Message") != "Zoë: 654321" || c.Has("MessageAttributes.entry.1.Name") {
		t.Errorf("second Publish %v, want no sender id attribute", c)
	}
}

func TestAlphanumericSenderID(t *testing.T) {
	for s, want := range map[string]bool{"MyApp": true, "App2FA": true, "A": true, "ABCDEFGHIJK": true,
		"ABCDEFGHIJKL": false, "+15005550006": false, "12345": false, "My App": false, "": false, "Zoë": false} {
		if got := isAlphanumericSenderID(s); got != want {
			t.Errorf("isAlphanumericSenderID(%q) = %v", s, got)
		}
	}
}

// TestSNSDoctor: doctor resolves the region and credentials, and
// --send-test-sms publishes through SNS.
func TestSNSDoctor(t *testing.T) {
	f := newFakeSNS(t, "eu-west-1", "AKIDSNSDOCTOR", "sns-secret")
	cfg := testConfig(t)
	cfg.EnableSMS2FA = true
	cfg.SMS.Backend = "sns"
	cfg.SMS.SNSRegion = "eu-west-1"
	checks := Diagnose(context.Background(), cfg, DoctorOptions{SendTestSMS: testPhone}, WithEmail(&mailbox{}))
	if c := checkNamed(t, checks, "sms transport"); c.Status != CheckPass || !strings.Contains(c.Detail, "sns region eu-west-1, credentials resolved (EnvConfigCredentials, access key …CTOR)") {
		t.Errorf("sms transport %v", c)
	}
	if c := checkNamed(t, checks, "sms send"); c.Status != CheckPass {
		t.Errorf("sms send %v", c)
	}
	if calls := f.received(); len(calls) != 1 || calls[0].Get("PhoneNumber") != testPhone {
		t.Fatalf("Publish calls %v", calls)
	}
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	checks = Diagnose(context.Background(), cfg, DoctorOptions{}, WithEmail(&mailbox{}))
	if c := checkNamed(t, checks, "sms transport"); c.Status != CheckFail || !strings.Contains(c.Detail, "no AWS credentials") {
		t.Errorf("sms transport without credentials %v", c)
	}
}
