package auth

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
)

// outboxKeyLabel is the label the outbox key is derived under, as each token
// purpose has its own: HMAC-SHA256(jwt_secret, label).
const outboxKeyLabel = "email_outbox"

// errUndecryptable means a queued payload does not open with this
// instance's key: jwt_secret changed since it was queued, or the row was
// tampered with. Such a message can never be delivered.
var errUndecryptable = errors.New("payload does not decrypt with the current jwt_secret (changed since the message was queued?)")

// outboxSealer encrypts queued messages with AES-256-GCM. The message id is
// the additional data, so a payload copied onto another row does not open.
type outboxSealer struct {
	aead cipher.AEAD
}

// newOutboxSealer derives the outbox key from secret. The key is separate
// from every token-signing key, so neither reveals the other.
func newOutboxSealer(secret string) (*outboxSealer, error) {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(outboxKeyLabel))
	block, err := aes.NewCipher(mac.Sum(nil)) // 32 bytes: AES-256
	if err != nil {
		return nil, fmt.Errorf("outbox key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("outbox key: %w", err)
	}
	return &outboxSealer{aead: aead}, nil
}

// seal returns nonce || ciphertext of m's JSON, bound to id.
func (s *outboxSealer) seal(id string, m EmailMessage) ([]byte, error) {
	plain, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encoding email: %w", err)
	}
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("outbox nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, plain, []byte(id)), nil
}

// open reverses seal; errUndecryptable when the key or id does not match.
func (s *outboxSealer) open(id string, payload []byte) (EmailMessage, error) {
	n := s.aead.NonceSize()
	if len(payload) < n {
		return EmailMessage{}, errUndecryptable
	}
	plain, err := s.aead.Open(nil, payload[:n], payload[n:], []byte(id))
	if err != nil {
		return EmailMessage{}, errUndecryptable
	}
	var m EmailMessage
	if err := json.Unmarshal(plain, &m); err != nil {
		return EmailMessage{}, fmt.Errorf("decoding queued email: %w", err)
	}
	return m, nil
}
