package auth

import (
	"context"
	"encoding/binary"
	"net"
	"strings"
	"testing"
)

// DNS record types the fake server answers.
const (
	dnsTypeMX  = 15
	dnsTypeTXT = 16
)

// fakeDNS is a DNS server on loopback UDP that answers MX and TXT
// questions from a fixed zone and NXDOMAIN for any other name. It writes
// the few message shapes it needs by hand (RFC 1035 §4) rather than pull
// in a DNS library for a test.
type fakeDNS struct {
	conn net.PacketConn
	// mx and txt map a lower-case name without the final dot to its
	// records.
	mx  map[string][]string
	txt map[string][]string
}

// startFakeDNS serves the zone until the test ends.
func startFakeDNS(t *testing.T, mx, txt map[string][]string) *fakeDNS {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	d := &fakeDNS{conn: conn, mx: mx, txt: txt}
	t.Cleanup(func() { conn.Close() })
	go d.serve()
	return d
}

// resolver returns a pure-Go resolver that asks only this server.
func (d *fakeDNS) resolver() *net.Resolver {
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var nd net.Dialer
			return nd.DialContext(ctx, "udp", d.conn.LocalAddr().String())
		},
	}
}

// serve answers queries until the connection is closed.
func (d *fakeDNS) serve() {
	buf := make([]byte, 1500)
	for {
		n, addr, err := d.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		if resp := d.answer(buf[:n]); resp != nil {
			_, _ = d.conn.WriteTo(resp, addr)
		}
	}
}

// answer builds the response to one query, or nil for a malformed one.
func (d *fakeDNS) answer(q []byte) []byte {
	if len(q) < 12 {
		return nil
	}
	// The question: labels up to the root label, then type and class.
	var labels []string
	i := 12
	for i < len(q) && q[i] != 0 {
		l := int(q[i])
		if i+1+l > len(q) {
			return nil
		}
		labels = append(labels, string(q[i+1:i+1+l]))
		i += 1 + l
	}
	if i+5 > len(q) {
		return nil
	}
	qtype := binary.BigEndian.Uint16(q[i+1:])
	qEnd := i + 5
	name := strings.ToLower(strings.Join(labels, "."))

	var rdatas [][]byte
	_, mxKnown := d.mx[name]
	_, txtKnown := d.txt[name]
	switch qtype {
	case dnsTypeMX:
		for j, host := range d.mx[name] {
			rdatas = append(rdatas, append([]byte{0, byte(10 * (j + 1))}, encodeDNSName(host)...))
		}
	case dnsTypeTXT:
		for _, s := range d.txt[name] {
			rdatas = append(rdatas, append([]byte{byte(len(s))}, s...))
		}
	}
	resp := make([]byte, 12, 512)
	copy(resp, q[:2])       // the query's id
	flags := uint16(0x8180) // response, recursion desired and available
	if !mxKnown && !txtKnown {
		flags |= 3 // NXDOMAIN
	}
	binary.BigEndian.PutUint16(resp[2:], flags)
	binary.BigEndian.PutUint16(resp[4:], 1)
	binary.BigEndian.PutUint16(resp[6:], uint16(len(rdatas)))
	resp = append(resp, q[12:qEnd]...)
	for _, rd := range rdatas {
		resp = append(resp, 0xc0, 12) // the name: a pointer to the question's
		resp = binary.BigEndian.AppendUint16(resp, qtype)
		resp = binary.BigEndian.AppendUint16(resp, 1) // class IN
		resp = binary.BigEndian.AppendUint32(resp, 60)
		resp = binary.BigEndian.AppendUint16(resp, uint16(len(rd)))
		resp = append(resp, rd...)
	}
	return resp
}

// encodeDNSName writes a name as length-prefixed labels.
func encodeDNSName(name string) []byte {
	var b []byte
	for _, l := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		b = append(b, byte(len(l)))
		b = append(b, l...)
	}
	return append(b, 0)
}

func TestDoctorDNS(t *testing.T) {
	dns := startFakeDNS(t,
		map[string][]string{
			"good.test": {"mx1.good.test", "mx2.good.test"},
			"half.test": {"mx.half.test"},
		},
		map[string][]string{
			"good.test":                 {"google-site-verification=abc", "v=spf1 include:_spf.good.test -all"},
			"_dmarc.good.test":          {"v=DMARC1; p=reject"},
			"mail._domainkey.good.test": {"v=DKIM1; k=rsa; p=MIGf"},
			"half.test":                 {"some other record"},
		})
	tests := []struct {
		from, selector string
		want           []string
	}{
		{"noreply@good.test", "mail", []string{
			"✓ dns mx: good.test → mx1.good.test, mx2.good.test",
			"✓ dns spf: good.test → v=spf1 include:_spf.good.test -all",
			"✓ dns dmarc: _dmarc.good.test → v=DMARC1; p=reject",
			"✓ dns dkim: mail._domainkey.good.test → v=DKIM1; k=rsa; p=MIGf",
		}},
		{"noreply@good.test", "", []string{
			"✓ dns mx: good.test → mx1.good.test, mx2.good.test",
			"✓ dns spf: good.test → v=spf1 include:_spf.good.test -all",
			"✓ dns dmarc: _dmarc.good.test → v=DMARC1; p=reject",
		}},
		{"noreply@half.test", "s1", []string{
			"✓ dns mx: half.test → mx.half.test",
			"✗ dns spf: no 'v=spf1' record on half.test",
			"✗ dns dmarc: no 'v=DMARC1' record on _dmarc.half.test",
			"✗ dns dkim: no 'v=DKIM1' record on s1._domainkey.half.test",
		}},
		{"noreply@missing.test", "", []string{
			"✗ dns mx: missing.test → NXDOMAIN",
			"✗ dns spf: no 'v=spf1' record on missing.test",
			"✗ dns dmarc: no 'v=DMARC1' record on _dmarc.missing.test",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.from+"/"+tt.selector, func(t *testing.T) {
			o := DoctorOptions{CheckDNS: true, DKIMSelector: tt.selector, Resolver: dns.resolver()}
			var got []string
			for _, c := range checkMailDNS(context.Background(), o, emailDomain(tt.from)) {
				got = append(got, c.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestDoctorRunsDNSChecks(t *testing.T) {
	dns := startFakeDNS(t, map[string][]string{"example.com": {"mx.example.com"}}, nil)
	e := newTestEnv(t)
	checks := e.rs.Doctor(context.Background(), DoctorOptions{CheckDNS: true, Resolver: dns.resolver()})
	if c := checkNamed(t, checks, "dns mx"); c.Status != CheckPass {
		t.Errorf("%v", c)
	}
	if c := checkNamed(t, checks, "dns spf"); c.Status != CheckFail {
		t.Errorf("%v", c)
	}
}
