package e2e

import (
	"encoding/binary"
	"errors"
	"io"
	"net"
	"sync/atomic"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
)

// opMsg is the MongoDB wire protocol's OP_MSG opcode.
const opMsg = 2013

// versionProxy forwards MongoDB wire traffic between the clients that
// connect to it and upstream, and rewrites the version in every buildInfo
// reply: it lets a test show the doctor a server version that the server
// on this machine does not have, through the real driver and protocol.
type versionProxy struct {
	t        *testing.T
	upstream string
	// version is the string buildInfo replies carry; tests change it
	// between runs while relays from earlier connections may still read.
	version atomic.Value
	ln      net.Listener
}

// startVersionProxy listens on a loopback port until the test ends.
func startVersionProxy(t *testing.T, upstream, version string) *versionProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &versionProxy{t: t, upstream: upstream, ln: ln}
	p.version.Store(version)
	t.Cleanup(func() { ln.Close() })
	go p.serve()
	return p
}

func (p *versionProxy) addr() string { return p.ln.Addr().String() }

func (p *versionProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.relay(client)
	}
}

// relay copies client requests upstream as they are and server replies
// back through rewrite.
func (p *versionProxy) relay(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("tcp", p.upstream)
	if err != nil {
		p.t.Logf("version proxy: %v", err)
		return
	}
	defer server.Close()
	go func() {
		_, _ = io.Copy(server, client)
		server.Close()
	}()
	for {
		msg, err := readWireMessage(server)
		if err != nil {
			return
		}
		if _, err := client.Write(p.rewrite(msg)); err != nil {
			return
		}
	}
}

// readWireMessage reads one message: a 16-byte header whose first int32 is
// the whole message's length, then the body.
func readWireMessage(r io.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(r, size[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(size[:]))
	if n < 16 || n > 48<<20 {
		return nil, errors.New("bad wire message length")
	}
	msg := make([]byte, n)
	copy(msg, size[:])
	_, err := io.ReadFull(r, msg[4:])
	return msg, err
}

// rewrite replaces the version of a buildInfo reply: an OP_MSG without a
// checksum whose single body section is a document with both "version"
// and "gitVersion" (which hello and the other replies lack). Anything else
// passes unchanged.
func (p *versionProxy) rewrite(msg []byte) []byte {
	const header, flags = 16, 4
	if binary.LittleEndian.Uint32(msg[12:16]) != opMsg || len(msg) < header+flags+1 {
		return msg
	}
	if binary.LittleEndian.Uint32(msg[header:header+flags])&1 != 0 || msg[header+flags] != 0 {
		return msg // checksummed, or not a kind-0 body section
	}
	raw := bson.Raw(msg[header+flags+1:])
	if raw.Validate() != nil || raw.Lookup("gitVersion").IsZero() || raw.Lookup("version").IsZero() {
		return msg
	}
	var doc bson.D
	if err := bson.Unmarshal(raw, &doc); err != nil {
		return msg
	}
	for i := range doc {
		if doc[i].Key == "version" {
			doc[i].Value = p.version.Load().(string)
		}
	}
	body, err := bson.Marshal(doc)
	if err != nil {
		return msg
	}
	out := append(append([]byte{}, msg[:header+flags+1]...), body...)
	binary.LittleEndian.PutUint32(out[0:4], uint32(len(out)))
	return out
}
