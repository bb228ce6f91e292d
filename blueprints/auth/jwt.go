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
	method   *jwt.SigningMethodHMAC
	audience string
	clock    Clock
	parser   *jwt.Parser
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
	for _, p := range purposes() {
		keys[p] = deriveKey(secret, p)
	}
	return &TokenCodec{
		keys:     keys,
		method:   method,
		audience: audience,
		clock:    clock,
		// Expiry is checked against the injected clock in Decode, so the
		// library's own wall-clock validation is off.
		parser: jwt.NewParser(jwt.WithValidMethods([]string{method.Alg()}), jwt.WithoutClaimsValidation()),
		random: rand.Reader,
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

// Decode checks token for purpose and returns its claims. The checks run in
// upstream's order: structure, algorithm, signature, required claims,
// audience, purpose; then, as PyJWT orders them, a future "iat" or "nbf"
// (beyond tokenClockLeeway; see checkNotYetValid) and expiry against the
// codec's clock (expired when now >= exp, no leeway). Every error is a
// *TokenError wrapping ErrInvalidToken.
func (c *TokenCodec) Decode(token string, purpose Purpose) (TokenClaims, error) {
	key, ok := c.keys[purpose]
	if !ok {
		return TokenClaims{}, invalidToken("token purpose mismatch")
	}
	if reason := c.checkStructure(token); reason != "" {
		return TokenClaims{}, invalidToken(reason)
	}
	var wc wireClaims
	_, err := c.parser.ParseWithClaims(token, &wc, func(*jwt.Token) (any, error) { return key, nil })
	switch {
	case err == nil:
	case errors.Is(err, jwt.ErrTokenSignatureInvalid):
		return TokenClaims{}, invalidToken("Signature verification failed")
	case errors.Is(err, jwt.ErrTokenMalformed):
		// checkStructure has vetted everything but the claims' JSON, which
		// the library reads before it checks the signature. PyJWT checks
		// the signature first, so a forged payload is reported as such.
		if !c.signatureValid(token, key) {
			return TokenClaims{}, invalidToken("Signature verification failed")
		}
		return TokenClaims{}, invalidToken("Invalid payload string")
	default:
		return TokenClaims{}, invalidToken("Invalid token")
	}
	if name := wc.missing(purpose); name != "" {
		return TokenClaims{}, invalidToken(`Token is missing the "` + name + `" claim`)
	}
	if reason := c.checkAudience(wc.Audience); reason != "" {
		return TokenClaims{}, invalidToken(reason)
	}
	if Purpose(*wc.Purpose) != purpose {
		return TokenClaims{}, invalidToken("token purpose mismatch")
	}
	iat, err := wc.IssuedAt.microseconds()
	if err != nil {
		return TokenClaims{}, invalidToken("Issued At claim (iat) is out of range")
	}
	exp, err := wc.ExpiresAt.seconds()
	if err != nil {
		return TokenClaims{}, invalidToken("Expiration Time claim (exp) is out of range")
	}
	if reason := c.checkNotYetValid(wc); reason != "" {
		return TokenClaims{}, invalidToken(reason)
	}
	if !c.clock.Now().Before(exp) {
		return TokenClaims{}, invalidToken("Signature has expired")
	}
	claims := TokenClaims{
		Subject:   *wc.Subject,
		ID:        *wc.ID,
		IssuedAt:  iat,
		ExpiresAt: exp,
		Purpose:   purpose,
	}
	if wc.NewEmail != nil {
		claims.NewEmail = *wc.NewEmail
	}
	if wc.Phone != nil {
		claims.Phone = *wc.Phone
	}
	return claims, nil
}

// checkStructure finds the faults PyJWT reports before it looks at the
// signature, with PyJWT's words, so the reasons match upstream's. It
// returns "" for a well-formed token in the codec's algorithm.
func (c *TokenCodec) checkStructure(token string) string {
	parts := strings.Split(token, ".")
	switch {
	case len(parts) < 3:
		return "Not enough segments"
	case len(parts) > 3:
		return "Too many segments"
	}
	headerJSON, err := base64.RawURLEncoding.DecodeString(parts[0])
	if err != nil {
		return "Invalid header padding"
	}
	var header map[string]any
	if err := json.Unmarshal(headerJSON, &header); err != nil || header == nil {
		return "Invalid header string: must be a json object"
	}
	alg, present := header["alg"]
	if !present {
		return "Algorithm not specified"
	}
	if s, ok := alg.(string); !ok || s != c.method.Alg() {
		return "The specified alg value is not allowed"
	}
	if _, err := base64.RawURLEncoding.DecodeString(parts[1]); err != nil {
		return "Invalid payload padding"
	}
	if _, err := base64.RawURLEncoding.DecodeString(parts[2]); err != nil {
		return "Invalid crypto padding"
	}
	return ""
}

// signatureValid verifies the signature of a token checkStructure accepted.
func (c *TokenCodec) signatureValid(token string, key []byte) bool {
	i := strings.LastIndexByte(token, '.')
	sig, err := base64.RawURLEncoding.DecodeString(token[i+1:])
	return err == nil && c.method.Verify(token[:i], sig, key) == nil
}

// checkAudience applies PyJWT's rules: with an audience configured the token
// must name it; without one, a token that names any audience is refused.
func (c *TokenCodec) checkAudience(aud audience) string {
	if c.audience == "" {
		if len(aud) > 0 {
			return "Invalid audience"
		}
		return ""
	}
	if len(aud) == 0 {
		return `Token is missing the "aud" claim`
	}
	for _, a := range aud {
		if a == c.audience {
			return ""
		}
	}
	return "Invalid audience"
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

// checkNotYetValid returns PyJWT's reason when the token's "iat" or its
// optional "nbf" (this package never writes one) is later than now plus
// tokenClockLeeway, or "". Like PyJWT, it compares the whole seconds of the
// claim (int(iat)).
func (c *TokenCodec) checkNotYetValid(wc wireClaims) string {
	limit := c.clock.Now().Add(tokenClockLeeway)
	if iat, err := wc.IssuedAt.seconds(); err == nil && iat.After(limit) {
		return "The token is not yet valid (iat)"
	}
	if wc.NotBefore != nil {
		nbf, err := wc.NotBefore.seconds()
		if err != nil {
			return "Not Before claim (nbf) is out of range"
		}
		if nbf.After(limit) {
			return "The token is not yet valid (nbf)"
		}
	}
	return ""
}

// wireClaims is the JSON payload of a token, in the key order the Python
// library writes. Pointers tell a missing (or null) claim from an empty one.
type wireClaims struct {
	Subject   *string      `json:"sub,omitempty"`
	ID        *string      `json:"jti,omitempty"`
	IssuedAt  *numericDate `json:"iat,omitempty"`
	ExpiresAt *numericDate `json:"exp,omitempty"`
	Purpose   *string      `json:"purpose,omitempty"`
	NewEmail  *string      `json:"new_email,omitempty"`
	Phone     *string      `json:"phone,omitempty"`
	Audience  audience     `json:"aud,omitempty"`
	// NotBefore ("nbf") is never written here; a token that carries one is
	// refused before that time, as PyJWT would.
	NotBefore *numericDate `json:"nbf,omitempty"`
}

// missing returns the first required claim absent from the token, in the
// order upstream lists them, or "".
func (w *wireClaims) missing(p Purpose) string {
	switch {
	case w.Subject == nil:
		return "sub"
	case w.ExpiresAt == nil:
		return "exp"
	case w.IssuedAt == nil:
		return "iat"
	case w.ID == nil:
		return "jti"
	case w.Purpose == nil:
		return "purpose"
	case p == PurposeEmailChange && w.NewEmail == nil:
		return "new_email"
	case p == PurposePhoneSetup && w.Phone == nil:
		return "phone"
	}
	return ""
}

// The jwt.Claims methods. The parser's claim validation is switched off
// (Decode checks the claims itself), so they only satisfy the interface.

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

// UnmarshalJSON accepts a JSON number and nothing else.
func (n *numericDate) UnmarshalJSON(b []byte) error {
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return errors.New("NumericDate must be a number")
	}
	*n = numericDate(b)
	return nil
}

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

// UnmarshalJSON accepts a string or an array of strings. An empty string
// counts as no audience, as it does for PyJWT.
func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*a = nil
		if one != "" {
			*a = audience{one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud must be a string or an array of strings")
	}
	*a = many
	return nil
}
