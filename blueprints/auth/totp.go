//regstack:feature totp

package auth

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// The authenticator-app parameters: what every app assumes when an
// otpauth:// URI names no others (RFC 6238's defaults). A code is accepted
// one step either side of the server's, for clocks that drift.
const (
	totpPeriod     = 30 // seconds per step
	totpDigits     = otp.DigitsSix
	totpSkew       = 1
	totpSecretSize = 20 // bytes: SHA-1's block of key, RFC 4226's advice
	totpQRSize     = 256
	// recoveryCodeCount is how many recovery codes a user gets at a time.
	recoveryCodeCount = 10
	// totpEnrolTTL is how long an enrolment waits for its first code.
	totpEnrolTTL = 15 * time.Minute
	// totpKeyLabel is the label the secret-sealing key is derived under,
	// as each token purpose and the outbox have their own.
	totpKeyLabel = "totp_secret"
)

// Kinds of MFA code row the TOTP flows use. Neither holds a code anyone
// types: the row is the attempt counter (MFAStore.ClaimMFAAttempt) and the
// expiry of an enrolment or a sign-in, so TOTP codes and recovery codes
// get the same sms_code_max_attempts limit as SMS codes.
const mfaKindTOTPSetup = "totp_setup"

// errTOTPSecret means a stored secret does not open with this instance's
// key: jwt_secret changed since enrolment, or the row was tampered with.
var errTOTPSecret = errors.New("auth: stored TOTP secret does not decrypt with the current jwt_secret")

// totpSealer encrypts TOTP secrets at rest with AES-256-GCM, the user id
// as additional data, so a sealed secret copied to another user does not
// open.
type totpSealer struct {
	aead cipher.AEAD
}

// newTOTPSealer derives the key from secret: HMAC-SHA256(jwt_secret,
// "totp_secret"), separate from every signing key and the outbox key.
func newTOTPSealer(secret string) (*totpSealer, error) {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(totpKeyLabel))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, fmt.Errorf("totp key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("totp key: %w", err)
	}
	return &totpSealer{aead: aead}, nil
}

// seal returns nonce || ciphertext of the base32 secret, bound to userID.
func (s *totpSealer) seal(userID, secret string) ([]byte, error) {
	nonce := make([]byte, s.aead.NonceSize(), s.aead.NonceSize()+len(secret)+s.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("totp nonce: %w", err)
	}
	return s.aead.Seal(nonce, nonce, []byte(secret), []byte(userID)), nil
}

// open reverses seal; errTOTPSecret when the key or user does not match.
func (s *totpSealer) open(userID string, sealed []byte) (string, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n {
		return "", errTOTPSecret
	}
	plain, err := s.aead.Open(nil, sealed[:n], sealed[n:], []byte(userID))
	if err != nil {
		return "", errTOTPSecret
	}
	return string(plain), nil
}

// totpEnrolment is a new secret in the three forms a client shows.
type totpEnrolment struct {
	Secret     string `json:"secret"`
	OTPAuthURI string `json:"otpauth_uri"`
	QRPNG      string `json:"qr_png"`
}

// newTOTPKey makes a random secret for account, named by issuer in the app.
func newTOTPKey(issuer, account string) (totpEnrolment, error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer: issuer, AccountName: account, Period: totpPeriod, SecretSize: totpSecretSize,
		Digits: totpDigits, Algorithm: otp.AlgorithmSHA1, Rand: rand.Reader,
	})
	if err != nil {
		return totpEnrolment{}, fmt.Errorf("generating TOTP secret: %w", err)
	}
	img, err := key.Image(totpQRSize, totpQRSize)
	if err != nil {
		return totpEnrolment{}, fmt.Errorf("drawing TOTP QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return totpEnrolment{}, fmt.Errorf("encoding TOTP QR code: %w", err)
	}
	return totpEnrolment{
		Secret:     key.Secret(),
		OTPAuthURI: key.URL(),
		QRPNG:      "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()),
	}, nil
}

// totpStep is the time step t falls in.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// matchTOTP returns the step whose code code is, within totpSkew steps of
// now, or false. Every candidate is computed and compared in constant time,
// so the answer's timing does not depend on which step (if any) matched.
func matchTOTP(secret, code string, now time.Time) (int64, bool, error) {
	code = strings.TrimSpace(code)
	center := totpStep(now)
	var matched int64
	found := 0
	for d := int64(-totpSkew); d <= totpSkew; d++ {
		step := center + d
		want, err := hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{Digits: totpDigits, Algorithm: otp.AlgorithmSHA1})
		if err != nil {
			return 0, false, fmt.Errorf("computing TOTP code: %w", err)
		}
		if subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			// Should two steps share a code, the later one is taken.
			matched, found = step, 1
		}
	}
	return matched, found == 1, nil
}

// newRecoveryCodes returns recoveryCodeCount codes of 80 random bits each,
// written as four groups of four base32 letters ("abcd-efgh-ijkl-mnop"),
// and their digests. So much entropy makes a plain SHA-256 digest safe to
// store: there is nothing to brute-force from it.
func newRecoveryCodes() (codes, hashes []string, err error) {
	enc := base32.StdEncoding.WithPadding(base32.NoPadding)
	for range recoveryCodeCount {
		raw := make([]byte, 10)
		if _, err := rand.Read(raw); err != nil {
			return nil, nil, fmt.Errorf("recovery code: %w", err)
		}
		s := strings.ToLower(enc.EncodeToString(raw)) // 16 letters
		code := s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16]
		codes = append(codes, code)
		hashes = append(hashes, recoveryCodeHash(code))
	}
	return codes, hashes, nil
}

// recoveryCodeHash is the stored digest of a recovery code, as typed:
// case, spaces and dashes do not matter.
func recoveryCodeHash(code string) string {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(code))
	return hashOpaqueToken("recovery:" + norm)
}

// totpEnabled reports whether the user has a confirmed authenticator app.
func (rs *RegStack) totpEnabled(ctx context.Context, userID string) (bool, error) {
	c, err := rs.totpStore.TOTPCredential(ctx, userID)
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("reading TOTP state: %w", err)
	}
	return c.Confirmed, nil
}
