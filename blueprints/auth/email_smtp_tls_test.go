//regstack:feature email=smtp

package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"math/big"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testMailpitTLS returns the mailpit that requires STARTTLS
// (REGSTACK_TEST_SMTP_TLS_ADDR, REGSTACK_TEST_MAILPIT_TLS_URL) and the
// roots that trust its certificate (REGSTACK_TEST_SMTP_CA). Like
// testMailpit it fails under CI=true when they are missing.
func testMailpitTLS(t *testing.T) (mailpitServer, *x509.CertPool) {
	t.Helper()
	addr, api, caFile := os.Getenv("REGSTACK_TEST_SMTP_TLS_ADDR"), os.Getenv("REGSTACK_TEST_MAILPIT_TLS_URL"), os.Getenv("REGSTACK_TEST_SMTP_CA")
	if addr == "" || api == "" || caFile == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("REGSTACK_TEST_SMTP_TLS_ADDR, REGSTACK_TEST_MAILPIT_TLS_URL and REGSTACK_TEST_SMTP_CA are not set; CI must provide the STARTTLS mailpit (scripts/with-services.sh)")
		}
		t.Skip("set REGSTACK_TEST_SMTP_TLS_ADDR, REGSTACK_TEST_MAILPIT_TLS_URL and REGSTACK_TEST_SMTP_CA (scripts/with-services.sh starts a STARTTLS mailpit)")
	}
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		t.Fatal(err)
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	return mailpitServer{host: host, port: port, api: strings.TrimSuffix(api, "/")}, roots
}

// TestSMTPStartTLSAndAuth delivers through STARTTLS with a username: the
// server requires STARTTLS, so a delivery there proves the upgrade, and
// AUTH runs inside the encrypted connection.
func TestSMTPStartTLSAndAuth(t *testing.T) {
	mp, roots := testMailpitTLS(t)
	c := mp.config()
	c.SMTPStartTLS = true
	c.SMTPUsername, c.SMTPPassword = "mailer", "s3cret"
	s, err := NewSMTPEmailSender(c)
	if err != nil {
		t.Fatal(err)
	}
	s.tlsConfig.RootCAs = roots
	detail, err := s.CheckTransport(context.Background())
	if err != nil || !strings.Contains(detail, "connected, EHLO, STARTTLS, AUTH as mailer; nothing sent") {
		t.Errorf("CheckTransport = %q, %v", detail, err)
	}
	to := uniqueAddress(t, "starttls-auth")
	if err := s.Send(context.Background(), EmailMessage{To: to, FromAddress: "noreply@example.com", FromName: "Zoë", Subject: "über TLS", Text: "t", HTML: "<p>h</p>"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	h, parts := parseAlternative(t, mp.waitMessage(t, to))
	if got := decodeWord(t, h.Get("Subject")); got != "über TLS" || len(parts) != 2 {
		t.Errorf("subject %q, %d parts", got, len(parts))
	}

	// Without STARTTLS this server takes nothing.
	plain := mp.config()
	ps, err := NewSMTPEmailSender(plain)
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.Send(context.Background(), EmailMessage{To: to, FromAddress: "noreply@example.com", Subject: "s", Text: "t"}); err == nil {
		t.Error("a plain delivery to a server that requires STARTTLS succeeded")
	}

	// An untrusted certificate stops the upgrade: nothing is sent.
	untrusted, err := NewSMTPEmailSender(c)
	if err != nil {
		t.Fatal(err)
	}
	other := uniqueAddress(t, "untrusted")
	if err := untrusted.Send(context.Background(), EmailMessage{To: other, FromAddress: "noreply@example.com", Subject: "s", Text: "t"}); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Send with an untrusted certificate = %v, want a certificate error", err)
	}
}

// TestSMTPImplicitTLS delivers over SMTPS (TLS from the first byte): a
// loopback TLS listener stands in for port 465 and relays the decrypted
// session to the plain mailpit, which stores the message.
func TestSMTPImplicitTLS(t *testing.T) {
	mp := testMailpit(t)
	cert, roots := selfSignedCert(t)
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	target := net.JoinHostPort(mp.host, strconv.Itoa(mp.port))
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer in.Close()
				out, err := net.Dial("tcp", target)
				if err != nil {
					return
				}
				defer out.Close()
				go func() { _, _ = io.Copy(out, in) }()
				_, _ = io.Copy(in, out)
			}()
		}
	}()
	c := mp.config()
	c.SMTPHost = "127.0.0.1"
	c.SMTPPort = ln.Addr().(*net.TCPAddr).Port
	c.SMTPImplicitTLS = true
	c.SMTPStartTLS = true // ignored: the connection is TLS already
	s, err := NewSMTPEmailSender(c)
	if err != nil {
		t.Fatal(err)
	}
	s.tlsConfig.RootCAs = roots
	if detail, err := s.CheckTransport(context.Background()); err != nil || !strings.Contains(detail, "implicit TLS") {
		t.Errorf("CheckTransport = %q, %v", detail, err)
	}
	to := uniqueAddress(t, "smtps")
	if err := s.Send(context.Background(), EmailMessage{To: to, FromAddress: "noreply@example.com", Subject: "smtps", Text: "t"}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	mp.waitMessage(t, to)
}

// selfSignedCert makes a certificate for 127.0.0.1 and the roots that
// trust it.
func selfSignedCert(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}
