//regstack:feature email=smtp

package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mailpitServer is the real SMTP server the SMTP tests deliver to
// (scripts/with-services.sh starts one) and its HTTP API, from which they
// read each message back.
type mailpitServer struct {
	host string
	port int
	api  string
}

// testMailpit returns the mailpit of REGSTACK_TEST_SMTP_ADDR and
// REGSTACK_TEST_MAILPIT_URL. It skips without them, except under CI=true,
// where a missing server is a failure: these tests must never skip there.
func testMailpit(t *testing.T) mailpitServer {
	t.Helper()
	addr, api := os.Getenv("REGSTACK_TEST_SMTP_ADDR"), os.Getenv("REGSTACK_TEST_MAILPIT_URL")
	if addr == "" || api == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("REGSTACK_TEST_SMTP_ADDR and REGSTACK_TEST_MAILPIT_URL are not set; CI must provide mailpit (scripts/with-services.sh)")
		}
		t.Skip("set REGSTACK_TEST_SMTP_ADDR and REGSTACK_TEST_MAILPIT_URL to a mailpit server (scripts/with-services.sh starts one)")
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatalf("REGSTACK_TEST_SMTP_ADDR %q: %v", addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatalf("REGSTACK_TEST_SMTP_ADDR %q: %v", addr, err)
	}
	return mailpitServer{host: host, port: port, api: strings.TrimSuffix(api, "/")}
}

// config returns an [email] table for the plain (no TLS) mailpit.
func (s mailpitServer) config() EmailConfig {
	c := DefaultConfig().Email
	c.Backend = "smtp"
	c.SMTPHost, c.SMTPPort = s.host, s.port
	c.SMTPStartTLS = false
	c.SMTPTimeoutSeconds = 5
	return c
}

// uniqueAddress returns a recipient no other test (or earlier run against
// the same mailpit) uses, so each test finds only its own messages.
func uniqueAddress(t *testing.T, label string) string {
	t.Helper()
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return label + "-" + hex.EncodeToString(b) + "@example.com"
}

// messageIDs returns the mailpit ids of the messages to the address to.
func (s mailpitServer) messageIDs(t *testing.T, to string) []string {
	t.Helper()
	resp, err := http.Get(s.api + "/api/v1/search?limit=50&query=" + url.QueryEscape("to:"+to))
	if err != nil {
		t.Fatalf("mailpit search: %v", err)
	}
	defer resp.Body.Close()
	var body struct {
		Messages []struct{ ID string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("mailpit search: %v", err)
	}
	var ids []string
	for _, m := range body.Messages {
		ids = append(ids, m.ID)
	}
	return ids
}

// waitMessage waits for exactly one message to to and returns its raw
// source as mailpit stored it.
func (s mailpitServer) waitMessage(t *testing.T, to string) []byte {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ids := s.messageIDs(t, to)
		if len(ids) > 1 {
			t.Fatalf("%d messages to %s, want 1", len(ids), to)
		}
		if len(ids) == 1 {
			resp, err := http.Get(s.api + "/api/v1/message/" + ids[0] + "/raw")
			if err != nil {
				t.Fatalf("mailpit raw: %v", err)
			}
			defer resp.Body.Close()
			raw, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatalf("mailpit raw: %v", err)
			}
			return raw
		}
		if time.Now().After(deadline) {
			t.Fatalf("no message to %s reached mailpit", to)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mimePart is one decoded part of a multipart message.
type mimePart struct {
	contentType, charset, transferEncoding string
	body                                   string
}

// parseAlternative parses a raw multipart/alternative message into its
// header and its decoded parts, in order.
func parseAlternative(t *testing.T, raw []byte) (mail.Header, []mimePart) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("delivered message does not parse: %v\n%s", err, raw)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	var parts []mimePart
	for {
		p, err := r.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		ct, ctParams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			t.Fatalf("part Content-Type %q: %v", p.Header.Get("Content-Type"), err)
		}
		enc := p.Header.Get("Content-Transfer-Encoding")
		var body []byte
		switch strings.ToLower(enc) {
		case "quoted-printable":
			body, err = io.ReadAll(quotedprintable.NewReader(p))
		default:
			body, err = io.ReadAll(p)
		}
		if err != nil {
			t.Fatalf("part body: %v", err)
		}
		// SMTP carries lines ending in CRLF; compare in the LF form the
		// bodies were written in.
		text := strings.ReplaceAll(string(body), "\r\n", "\n")
		parts = append(parts, mimePart{ct, strings.ToUpper(ctParams["charset"]), enc, text})
	}
	return msg.Header, parts
}

// decodeWord decodes RFC 2047 encoded words in a header value.
func decodeWord(t *testing.T, v string) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(v)
	if err != nil {
		t.Fatalf("decode %q: %v", v, err)
	}
	return s
}

// rawHeader returns the header block of a raw message, unfolded: one line
// per header field.
func rawHeader(raw []byte) []string {
	head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
	var lines []string
	for _, l := range strings.Split(string(head), "\r\n") {
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(lines) > 0 {
			lines[len(lines)-1] += l
			continue
		}
		lines = append(lines, l)
	}
	return lines
}

func TestSMTPDeliversMultipartAlternative(t *testing.T) {
	mp := testMailpit(t)
	s, err := NewSMTPEmailSender(mp.config())
	if err != nil {
		t.Fatal(err)
	}
	to := uniqueAddress(t, "multipart")
	m := EmailMessage{
		To:          to,
		FromAddress: "noreply@example.com",
		FromName:    "Zoë Café, Ltd.",
		Subject:     "Bienvenue à Zoë — confirmez votre adresse ✓",
		Text:        "Bonjour Zoë,\n\nOuvrez https://app.example.com/verify?token=abc.def_ghi\n\n— L'équipe\n",
		HTML:        "<p>Bonjour Zoë,</p>\n<p><a href=\"https://app.example.com/verify?token=abc.def_ghi\">Confirmer</a></p>\n",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	raw := mp.waitMessage(t, to)
	h, parts := parseAlternative(t, raw)

	// Headers: every non-ASCII text is an RFC 2047 encoded word on the
	// wire, and decodes back to what was sent.
	for _, l := range rawHeader(raw) {
		name, value, _ := strings.Cut(l, ":")
		for _, b := range []byte(value) {
			if b > '~' {
				t.Errorf("header %s carries raw 8-bit text: %q", name, l)
				break
			}
		}
	}
	if got := h.Get("Subject"); !strings.HasPrefix(got, "=?UTF-8?") {
		t.Errorf("Subject %q is not an RFC 2047 encoded word", got)
	}
	if got := decodeWord(t, h.Get("Subject")); got != m.Subject {
		t.Errorf("Subject decodes to %q, want %q", got, m.Subject)
	}
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil {
		t.Fatalf("From %q: %v", h.Get("From"), err)
	}
	if from.Name != m.FromName || from.Address != m.FromAddress {
		t.Errorf("From %q parses to %q <%s>, want %q <%s>", h.Get("From"), from.Name, from.Address, m.FromName, m.FromAddress)
	}
	if got := h.Get("To"); !strings.Contains(got, to) {
		t.Errorf("To %q, want %s", got, to)
	}
	for _, k := range []string{"Message-Id", "Date"} {
		if h.Get(k) == "" {
			t.Errorf("no %s header", k)
		}
	}
	if got := h.Get("Mime-Version"); got != "1.0" {
		t.Errorf("MIME-Version %q, want 1.0", got)
	}

	// Body: exactly two alternatives, text first, both UTF-8 and
	// quoted-printable, each decoding to the body that was sent.
	if len(parts) != 2 {
		t.Fatalf("%d parts, want 2: %+v", len(parts), parts)
	}
	want := []mimePart{
		{"text/plain", "UTF-8", "quoted-printable", m.Text},
		{"text/html", "UTF-8", "quoted-printable", m.HTML},
	}
	for i := range want {
		got := parts[i]
		got.transferEncoding = strings.ToLower(got.transferEncoding)
		if got != want[i] {
			t.Errorf("part %d = %+v\nwant %+v", i, got, want[i])
		}
	}
}

func TestSMTPLineBreaksCannotAddHeaders(t *testing.T) {
	mp := testMailpit(t)
	s, err := NewSMTPEmailSender(mp.config())
	if err != nil {
		t.Fatal(err)
	}
	spy := uniqueAddress(t, "spy")
	to := uniqueAddress(t, "inject")
	injected := "Bcc: " + spy + "\r\nX-Injected: yes"
	m := EmailMessage{
		To:          to,
		FromAddress: "noreply@example.com",
		FromName:    "Evil\r\n" + injected,
		Subject:     "Hello\r\n" + injected,
		Text:        "text\r\n\r\nbody",
		HTML:        "<p>html</p>",
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	raw := mp.waitMessage(t, to)
	for _, l := range rawHeader(raw) {
		name, _, _ := strings.Cut(l, ":")
		switch strings.ToLower(name) {
		case "bcc", "x-injected":
			t.Errorf("a line break added the header %q", l)
		}
	}
	h, _ := parseAlternative(t, raw)
	if got := decodeWord(t, h.Get("Subject")); strings.ContainsAny(got, "\r\n") || !strings.HasPrefix(got, "Hello Bcc:") {
		t.Errorf("Subject decodes to %q, want the line breaks folded into spaces", got)
	}
	if from, err := mail.ParseAddress(h.Get("From")); err != nil || from.Address != "noreply@example.com" || from.Name != m.FromName {
		t.Errorf("From %q (%v): want the whole name, line breaks included, inside one encoded word", h.Get("From"), err)
	}
	if ids := mp.messageIDs(t, spy); len(ids) != 0 {
		t.Errorf("the injected Bcc received %d messages", len(ids))
	}

	// A line break in an address is refused before anything is sent.
	victim := uniqueAddress(t, "victim")
	for _, bad := range []EmailMessage{
		{To: victim + "\r\nBcc: " + spy, FromAddress: "noreply@example.com", Subject: "s", Text: "t"},
		{To: victim, FromAddress: "noreply@example.com\r\nBcc: " + spy, Subject: "s", Text: "t"},
	} {
		if err := s.Send(context.Background(), bad); err == nil {
			t.Errorf("Send(To %q, From %q) = nil, want an error", bad.To, bad.FromAddress)
		}
	}
	time.Sleep(200 * time.Millisecond)
	if n := len(mp.messageIDs(t, victim)) + len(mp.messageIDs(t, spy)); n != 0 {
		t.Errorf("%d messages delivered for addresses with line breaks", n)
	}
}

// TestSMTPStartTLSIsRequired: with smtp_starttls on (the default) a server
// that does not offer STARTTLS gets nothing, not a message in the clear.
func TestSMTPStartTLSIsRequired(t *testing.T) {
	mp := testMailpit(t)
	c := mp.config()
	c.SMTPStartTLS = true
	s, err := NewSMTPEmailSender(c)
	if err != nil {
		t.Fatal(err)
	}
	to := uniqueAddress(t, "starttls")
	err = s.Send(context.Background(), EmailMessage{To: to, FromAddress: "noreply@example.com", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send without STARTTLS on the server = %v, want a STARTTLS error", err)
	}
	time.Sleep(200 * time.Millisecond)
	if ids := mp.messageIDs(t, to); len(ids) != 0 {
		t.Errorf("%d messages sent in the clear", len(ids))
	}
}

// TestSMTPTimeout: a server that accepts the connection and never greets
// is given up on after smtp_timeout_seconds.
func TestSMTPTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, silent, until the test ends
		}
	}()
	c := DefaultConfig().Email
	c.SMTPHost = "127.0.0.1"
	c.SMTPPort = ln.Addr().(*net.TCPAddr).Port
	c.SMTPTimeoutSeconds = 1
	s, err := NewSMTPEmailSender(c)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.Send(context.Background(), EmailMessage{To: "a@example.com", FromAddress: "noreply@example.com", Subject: "s", Text: "t"})
	if err == nil {
		t.Fatal("Send to a silent server succeeded")
	}
	if d := time.Since(start); d > 4*time.Second {
		t.Errorf("Send gave up after %s, want about 1 s", d)
	}
}

func TestNewSMTPEmailSenderNeedsHost(t *testing.T) {
	_, err := NewSMTPEmailSender(DefaultConfig().Email)
	if !errors.Is(err, ErrSMTPConfig) || !strings.Contains(err.Error(), "smtp_host is required") {
		t.Errorf("NewSMTPEmailSender without a host: %v", err)
	}
}

// TestSMTPThroughOutbox: a RegStack with the smtp backend and no host
// sender delivers a registration email through the durable outbox to the
// real server; the request does not wait for it.
func TestSMTPThroughOutbox(t *testing.T) {
	mp := testMailpit(t)
	cfg := testConfig(t)
	cfg.Email = mp.config()
	cfg.Email.FromName = "Zoë"
	cfg.RequireVerification = true // so registering sends the verification email
	rs := newTransportRegStack(t, cfg)
	if _, ok := rs.emailSender().(*SMTPEmailSender); !ok {
		t.Fatalf("the configured transport is %T, want *SMTPEmailSender", rs.emailSender())
	}
	to := uniqueAddress(t, "outbox")
	body := fmt.Sprintf(`{"email":%q,"password":%q}`, to, testPassword)
	req, err := http.NewRequest("POST", cfg.APIPrefix+"/register", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	rs.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusCreated {
		t.Fatalf("register: %d %s", rec.Code, rec.Body)
	}
	raw := mp.waitMessage(t, to)
	h, parts := parseAlternative(t, raw)
	if from, err := mail.ParseAddress(h.Get("From")); err != nil || from.Name != "Zoë" {
		t.Errorf("From %q (%v), want the name Zoë", h.Get("From"), err)
	}
	if len(parts) != 2 || !strings.Contains(parts[0].body, "token=") || !strings.Contains(parts[1].body, "token=") {
		t.Errorf("verification email parts lack the link: %+v", parts)
	}
}

// TestWithEmailSkipsTheSMTPTransport: a host sender replaces the SMTP
// backend entirely, so a package generated for SMTP runs without any SMTP
// settings when the host sends mail itself.
func TestWithEmailSkipsTheSMTPTransport(t *testing.T) {
	cfg := testConfig(t)
	cfg.Email.SMTPHost = ""
	box := &mailbox{}
	rs, err := New(context.Background(), cfg, WithEmail(box), WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		t.Fatalf("New with WithEmail and no SMTP host: %v", err)
	}
	defer rs.Close()
	if rs.emailSender() != EmailSender(box) {
		t.Errorf("transport %T, want the WithEmail sender", rs.emailSender())
	}
}
