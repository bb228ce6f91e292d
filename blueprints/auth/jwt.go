package auth

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Purpose names what a token may be used for. Each purpose signs with its
// own key, so a token minted for one purpose never verifies as another.
type Purpose string

// The token purposes, with the labels the Python library uses.
const (
	PurposeSession       Purpose = "session"
	PurposePasswordReset Purpose = "password_reset"
	PurposeEmailChange   Purpose = "email_change"
	PurposePhoneSetup    Purpose = "phone_setup"
	PurposeLoginMFA      Purpose = "login_mfa"
)

// purposes lists every purpose a codec derives a key for.
func purposes() []Purpose {
	return []Purpose{PurposeSession, PurposePasswordReset, PurposeEmailChange, PurposePhoneSetup, PurposeLoginMFA}
}

// ErrInvalidToken is wrapped by every error TokenCodec.Decode returns.
var ErrInvalidToken = errors.New("invalid token")

// TokenError is the error Decode returns. Reason is a short explanation in
// the words PyJWT and the Python library use ("Signature has expired",
// "Signature verification failed", "token purpose mismatch", …), which the
// API reports as "Invalid token: <Reason>".
type TokenError struct {
	Reason string
}

// Error returns "invalid token: " followed by the reason.
func (e *TokenError) Error() string { return ErrInvalidToken.Error() + ": " + e.Reason }

// Unwrap returns ErrInvalidToken, so errors.Is(err, ErrInvalidToken) holds.
func (e *TokenError) Unwrap() error { return ErrInvalidToken }

func invalidToken(reason string) error { return &TokenError{Reason: reason} }

// TokenClaims are the claims of a token this package mints or accepts.
type TokenClaims struct {
	// Subject is the user id ("sub").
	Subject string
	// ID is the token's unique id ("jti"), used to revoke one session.
	ID string
	// IssuedAt ("iat") has microsecond precision.
	IssuedAt time.Time
	// ExpiresAt ("exp") is whole seconds.
	ExpiresAt time.Time
	Purpose   Purpose
	// NewEmail is the address an email-change token confirms.
	NewEmail string
	// Phone is the number a phone-setup token enables.
	Phone string
}

// TokenCodec mints and checks the signed tokens (JWTs) of one RegStack: one
// HMAC key per purpose, derived from the master secret, and one algorithm.
// It is safe for concurrent use.
type TokenCodec struct {
	keys     map[Purpose][]byte
	fast     map[Purpose]*fastDecoder // see jwt_fast.go
	method   *jwt.SigningMethodHMAC
	audience string
	clock    Clock
	// random supplies the jti bytes; tests replace it to pin a token.
	random io.Reader
}

// NewTokenCodec derives the per-purpose keys from secret (used as raw UTF-8,
// never decoded) and returns a codec for algorithm, which is HS256 (the
// default, when empty), HS384 or HS512. When audience is not empty every
// token carries it as "aud" and must carry it to be accepted.
func NewTokenCodec(secret, algorithm, audience string, clock Clock) (*TokenCodec, error) {
	if secret == "" {
		return nil, errors.New("auth: jwt_secret is empty; set it in the secrets file or REGSTACK_JWT_SECRET")
	}
	if algorithm == "" {
		algorithm = jwt.SigningMethodHS256.Alg()
	}
	var method *jwt.SigningMethodHMAC
	switch algorithm {
	case "HS256":
		method = jwt.SigningMethodHS256
	case "HS384":
		method = jwt.SigningMethodHS384
	case "HS512":
		method = jwt.SigningMethodHS512
	default:
		return nil, fmt.Errorf("auth: jwt_algorithm %q is not supported (want HS256, HS384 or HS512)", algorithm)
	}
	if clock == nil {
		clock = SystemClock{}
	}
	keys := make(map[Purpose][]byte)
	fast := make(map[Purpose]*fastDecoder)
	for _, p := range purposes() {
		keys[p] = deriveKey(secret, p)
		fast[p] = newFastDecoder(method.Alg(), method.Hash.New, keys[p])
	}
	return &TokenCodec{
		keys:     keys,
		fast:     fast,
		method:   method,
		audience: audience,
		clock:    clock,
		random:   rand.Reader,
	}, nil
}

// deriveKey is HMAC-SHA256(key=secret, message=purpose label). The raw
// 32-byte digest signs the purpose's tokens whatever the algorithm, so the
// leak of one purpose's key does not expose the master secret or the others.
func deriveKey(secret string, p Purpose) []byte {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(p))
	return mac.Sum(nil)
}

// Issue mints a token for subject that expires ttl from now. extra supplies
// NewEmail (required for PurposeEmailChange) and Phone (required for
// PurposePhoneSetup); its other fields are ignored. It returns the token and
// the claims it carries, as Decode will report them.
func (c *TokenCodec) Issue(purpose Purpose, subject string, ttl time.Duration, extra TokenClaims) (string, TokenClaims, error) {
	key, ok := c.keys[purpose]
	if !ok {
		return "", TokenClaims{}, fmt.Errorf("auth: issue token: unknown purpose %q", purpose)
	}
	switch {
	case purpose == PurposeEmailChange && extra.NewEmail == "":
		return "", TokenClaims{}, errors.New("auth: issue email_change token: NewEmail is empty")
	case purpose == PurposePhoneSetup && extra.Phone == "":
		return "", TokenClaims{}, errors.New("auth: issue phone_setup token: Phone is empty")
	}
	var id [16]byte
	if _, err := io.ReadFull(c.random, id[:]); err != nil {
		return "", TokenClaims{}, fmt.Errorf("auth: issue token: %w", err)
	}
	now := c.clock.Now().UTC().Truncate(time.Microsecond)
	claims := TokenClaims{
		Subject:   subject,
		ID:        base64.RawURLEncoding.EncodeToString(id[:]),
		IssuedAt:  now,
		ExpiresAt: time.Unix(now.Add(ttl).Unix(), 0).UTC(),
		Purpose:   purpose,
	}
	// Upstream writes an email-change token's iat as whole seconds; here
	// every purpose carries microseconds, because one-off tokens are void
	// when issued at or before the account's cutoff, and a whole-second
	// iat would void a link requested in the same second as a password
	// change (docs/compatibility.md).
	iat := floatSeconds(now)
	exp := wholeSeconds(claims.ExpiresAt)
	wc := wireClaims{
		Subject:   &claims.Subject,
		ID:        &claims.ID,
		IssuedAt:  &iat,
		ExpiresAt: &exp,
		Purpose:   (*string)(&claims.Purpose),
	}
	switch purpose {
	case PurposeEmailChange:
		claims.NewEmail = extra.NewEmail
		wc.NewEmail = &claims.NewEmail
	case PurposePhoneSetup:
		claims.Phone = extra.Phone
		wc.Phone = &claims.Phone
	}
	if c.audience != "" {
		wc.Audience = audience{c.audience}
	}
	token, err := jwt.NewWithClaims(c.method, &wc).SignedString(key)
	if err != nil {
		return "", TokenClaims{}, fmt.Errorf("auth: issue token: %w", err)
	}
	return token, claims, nil
}

// tokenClockLeeway is how far in the future a token's "iat" or "nbf" may
// lie and still be accepted. The reference switches PyJWT's iat and nbf
// checks off, so a token dated in the future (minted by a process whose
// clock ran ahead, or by anyone holding the secret who wants a token that
// outlives a bulk revocation: tokens_invalidated_after only refuses an iat
// at or before it) was accepted. Tokens are minted by this package's own
// processes; NTP keeps their clocks within milliseconds of each other, so
// 30 seconds absorbs a clock step or a slow NTP correction on one host
// while staying far below the shortest token lifetime (60 seconds).
const tokenClockLeeway = 30 * time.Second

// wireClaims is the JSON payload Issue writes, in the key order the Python
// library writes.
type wireClaims struct {
	Subject   *string      `json:"sub,omitempty"`
	ID        *string      `json:"jti,omitempty"`
	IssuedAt  *numericDate `json:"iat,omitempty"`
	ExpiresAt *numericDate `json:"exp,omitempty"`
	Purpose   *string      `json:"purpose,omitempty"`
	NewEmail  *string      `json:"new_email,omitempty"`
	Phone     *string      `json:"phone,omitempty"`
	Audience  audience     `json:"aud,omitempty"`
}

// The jwt.Claims methods. Tokens are only signed with golang-jwt (Decode
// reads them as PyJWT does), so they only satisfy the interface.

func (w *wireClaims) GetExpirationTime() (*jwt.NumericDate, error) { return nil, nil }
func (w *wireClaims) GetIssuedAt() (*jwt.NumericDate, error)       { return nil, nil }
func (w *wireClaims) GetNotBefore() (*jwt.NumericDate, error)      { return nil, nil }
func (w *wireClaims) GetIssuer() (string, error)                   { return "", nil }
func (w *wireClaims) GetSubject() (string, error)                  { return "", nil }
func (w *wireClaims) GetAudience() (jwt.ClaimStrings, error)       { return nil, nil }

// numericDate is a JWT NumericDate kept as its JSON number text. jwt's own
// NumericDate rounds to whole seconds, which would break the bulk-revocation
// rule for two logins within one second, so iat travels as a float with
// microseconds, as Python's datetime.timestamp() writes it.
type numericDate string

// floatSeconds writes t as Python writes a float timestamp: the shortest
// decimal that round-trips, always with a fractional part
// ("1735689600.0", "1735689600.123456").
func floatSeconds(t time.Time) numericDate {
	// Both operands are exact in float64, so the quotient is the correctly
	// rounded value Python computes.
	s := strconv.FormatFloat(float64(t.UnixMicro())/1e6, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return numericDate(s)
}

// wholeSeconds writes t's Unix seconds as a JSON integer.
func wholeSeconds(t time.Time) numericDate {
	return numericDate(strconv.FormatInt(t.Unix(), 10))
}

// MarshalJSON writes the number text as is.
func (n numericDate) MarshalJSON() ([]byte, error) { return []byte(n), nil }

// maxUnixSeconds is the end of year 9999, the last instant Python's datetime
// can hold; later dates make upstream fail, and here the token is refused.
const maxUnixSeconds = 253402300799

func (n numericDate) float() (float64, error) {
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || math.Abs(f) > maxUnixSeconds {
		return 0, errors.New("NumericDate out of range")
	}
	return f, nil
}

// microseconds reads the date as Python's datetime.fromtimestamp does:
// rounded half-to-even to the microsecond.
func (n numericDate) microseconds() (time.Time, error) {
	f, err := n.float()
	if err != nil {
		return time.Time{}, err
	}
	sec, frac := math.Modf(f)
	us := int64(math.RoundToEven(frac * 1e6))
	return time.Unix(int64(sec), us*int64(time.Microsecond)).UTC(), nil
}

// seconds reads the date as Python's int() does: truncated toward zero.
func (n numericDate) seconds() (time.Time, error) {
	f, err := n.float()
	if err != nil {
		return time.Time{}, err
	}
	return time.Unix(int64(f), 0).UTC(), nil
}

// audience is the "aud" claim: one string, or an array of strings in tokens
// other software minted. It marshals a single value as a plain string, as
// PyJWT does.
type audience []string

// MarshalJSON writes one audience as a string and several as an array.
func (a audience) MarshalJSON() ([]byte, error) {
	if len(a) == 1 {
		return json.Marshal(a[0])
	}
	return json.Marshal([]string(a))
}
