package auth

import (
	"context"
	"fmt"
	"mime"
	"strings"
)

// EmailMessage is one rendered email, ready for a transport.
type EmailMessage struct {
	// To is the recipient's address.
	To string
	// FromAddress and FromName make up the From header; they come from the
	// [email] table of the configuration.
	FromAddress string
	FromName    string
	// Subject is a single line.
	Subject string
	// HTML and Text are the two alternative bodies. Both carry the link.
	HTML string
	Text string
}

// FromHeader returns the value of the From header, "Name <address>", or
// the bare address when FromName is empty.
//
// Upstream regstack concatenates the name and the address as they are. That
// gives the same result for plain names such as "MyApp", but breaks the
// header for names with RFC 5322 specials ("Acme, Inc.") or non-ASCII
// letters ("Zoë"). FromHeader therefore quotes a printable ASCII name that
// contains specials and encodes any other name as an RFC 2047 Q-encoded word
// (mime.QEncoding), which also keeps line breaks out of the header.
func (m EmailMessage) FromHeader() string {
	addr := "<" + m.FromAddress + ">"
	switch name := m.FromName; {
	case name == "":
		return m.FromAddress
	case isPhrase(name):
		return name + " " + addr
	case isPrintableASCII(name):
		return quoteString(name) + " " + addr
	default:
		return mime.QEncoding.Encode("utf-8", name) + " " + addr
	}
}

// isPhrase reports whether name can stand unquoted in a header: words of
// RFC 5322 atext separated by spaces. "=?" is excluded because a reader
// would take it for the start of an encoded word.
func isPhrase(name string) bool {
	if strings.TrimSpace(name) == "" || strings.Contains(name, "=?") {
		return false
	}
	for _, r := range name {
		if r != ' ' && !isAtext(r) {
			return false
		}
	}
	return true
}

// isAtext reports whether r is an RFC 5322 atext character.
func isAtext(r rune) bool {
	switch {
	case 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z', '0' <= r && r <= '9':
		return true
	}
	return strings.ContainsRune("!#$%&'*+-/=?^_`{|}~", r)
}

// isPrintableASCII reports whether s holds only printable ASCII and spaces,
// which a quoted string can carry without encoding.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// quoteString returns s as an RFC 5322 quoted string.
func quoteString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// EmailSender delivers rendered emails. Requests never call it: they queue
// each message in the database outbox, and the outbox worker calls Send in
// the background, one message at a time, with a deadline in ctx. An error
// makes the worker try again later with a growing backoff (and give up
// after many attempts); the request that queued the message has long been
// answered. A message may be sent twice if the process dies between a
// successful Send and the outbox recording it.
type EmailSender interface {
	Send(ctx context.Context, m EmailMessage) error
}

// SetEmailSender replaces the email transport. It is safe to call while the
// instance serves requests: a delivery already under way finishes on the old
// transport, and queued messages go out through the new one. It panics if s
// is nil.
func (rs *RegStack) SetEmailSender(s EmailSender) {
	if s == nil {
		panic("auth: SetEmailSender: nil EmailSender")
	}
	rs.emailSlot.store(s)
}

// emailSender returns the transport that the next email goes through.
func (rs *RegStack) emailSender() EmailSender { return rs.emailSlot.load() }

// initialEmailSender picks the transport New starts with: the one given by
// WithEmail, otherwise the [email] backend the package was generated with
// (openEmailSender, in wire_gen.go). A host sender means the configured
// transport is never built, so an SES host that sends through its own code
// needs no AWS credentials.
func initialEmailSender(ctx context.Context, cfg *Config, o *options) (EmailSender, error) {
	if o.email != nil {
		return o.email, nil
	}
	s, err := openEmailSender(ctx, cfg, o)
	if err != nil {
		return nil, fmt.Errorf("email backend %q: %w", cfg.Email.Backend, err)
	}
	return s, nil
}
