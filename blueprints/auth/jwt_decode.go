package auth

import (
	"crypto/hmac"
	"strings"
)

// Decode checks token for purpose and returns its claims. It reads the token
// as the reference does (PyJWT 2.12.1's decode with required sub, exp, iat,
// jti and purpose, and the iat/nbf/exp checks off, then regstack's purpose
// and expiry checks), so a faulty token gets the reason PyJWT would give, in
// PyJWT's order of checks (see decodeJWS and checkClaims). Beyond the
// reference, a future "iat" or "nbf" (past tokenClockLeeway) is refused
// before expiry is checked against the codec's clock (expired when
// now >= exp, no leeway). Every error is a *TokenError wrapping
// ErrInvalidToken.
func (c *TokenCodec) Decode(token string, purpose Purpose) (TokenClaims, error) {
	key, ok := c.keys[purpose]
	if !ok {
		return TokenClaims{}, invalidToken("token purpose mismatch")
	}
	if claims, ok := c.decodeFast(token, purpose); ok {
		return claims, nil
	}
	payload, reason := c.decodeJWS(token, key)
	if reason != "" {
		return TokenClaims{}, invalidToken(reason)
	}
	claims, reason := c.checkClaims(payload, purpose)
	if reason != "" {
		return TokenClaims{}, invalidToken(reason)
	}
	return claims, nil
}

// decodeJWS is PyJWS.decode_complete followed by PyJWT's payload decoding:
// segments, header, payload and signature encodings, the header's kid, crit
// and b64 parameters, the algorithm, the signature, then the payload JSON.
// It returns the payload object or PyJWT's reason.
func (c *TokenCodec) decodeJWS(token string, key []byte) (map[string]any, string) {
	dot := strings.LastIndexByte(token, '.')
	if dot < 0 || strings.IndexByte(token[:dot], '.') < 0 {
		return nil, "Not enough segments"
	}
	signingInput, sigSeg := token[:dot], token[dot+1:]
	// PyJWT splits at the first and the last dot, so a fourth segment is
	// part of the payload segment (whose decoder skips the dot).
	headerSeg, payloadSeg, _ := strings.Cut(signingInput, ".")
	headerBytes, err := pyBase64URLDecode(headerSeg)
	if err != nil {
		return nil, "Invalid header padding"
	}
	hv, msg := pyJSONLoads(headerBytes)
	if msg != "" {
		return nil, "Invalid header string: " + msg
	}
	header, ok := hv.(map[string]any)
	if !ok {
		return nil, "Invalid header string: must be a json object"
	}
	payloadBytes, err := pyBase64URLDecode(payloadSeg)
	if err != nil {
		return nil, "Invalid payload padding"
	}
	sig, err := pyBase64URLDecode(sigSeg)
	if err != nil {
		return nil, "Invalid crypto padding"
	}
	if reason := checkHeader(header); reason != "" {
		return nil, reason
	}
	alg, present := header["alg"]
	if !present {
		return nil, "Algorithm not specified"
	}
	if s, ok := alg.(string); !ok || s != c.method.Alg() {
		return nil, "The specified alg value is not allowed"
	}
	mac := hmac.New(c.method.Hash.New, key)
	mac.Write([]byte(signingInput))
	if !hmac.Equal(mac.Sum(nil), sig) {
		return nil, "Signature verification failed"
	}
	pv, msg := pyJSONLoads(payloadBytes)
	if msg != "" {
		return nil, "Invalid payload string: " + msg
	}
	payload, ok := pv.(map[string]any)
	if !ok {
		return nil, "Invalid payload string: must be a json object"
	}
	return payload, ""
}

// checkHeader is PyJWS._validate_headers and its b64 check: a "kid" must be
// a string, a "crit" a non-empty list of supported extensions present in
// the header, and "b64": false needs a detached payload, which the API
// never takes.
func checkHeader(header map[string]any) string {
	if kid, ok := header["kid"]; ok {
		if _, isStr := kid.(string); !isStr {
			return "Key ID header parameter must be a string"
		}
	}
	if crit, ok := header["crit"]; ok {
		list, isList := crit.([]any)
		if !isList || len(list) == 0 {
			return "Invalid 'crit' header: must be a non-empty list"
		}
		for _, e := range list {
			ext, isStr := e.(string)
			if !isStr {
				return "Invalid 'crit' header: values must be strings"
			}
			if ext != "b64" {
				return "Unsupported critical extension: " + ext
			}
			if _, ok := header[ext]; !ok {
				return "Critical extension '" + ext + "' is missing from headers"
			}
		}
	}
	if b64, ok := header["b64"].(bool); ok && !b64 {
		return `It is required that you pass in a value for the "detached_payload" argument to decode a message having the b64 header set to false.`
	}
	return ""
}

// requiredClaims lists the claims the reference requires for purpose, in
// its order.
func requiredClaims(p Purpose) []string {
	req := []string{"sub", "exp", "iat", "jti", "purpose"}
	switch p {
	case PurposeEmailChange:
		req = append(req, "new_email")
	case PurposePhoneSetup:
		req = append(req, "phone")
	}
	return req
}

// checkClaims is PyJWT's claim validation as the reference configures it
// (required claims, audience, sub and jti types), then regstack's purpose
// check, then the dates.
func (c *TokenCodec) checkClaims(payload map[string]any, purpose Purpose) (TokenClaims, string) {
	for _, name := range requiredClaims(purpose) {
		if payload[name] == nil {
			return TokenClaims{}, `Token is missing the "` + name + `" claim`
		}
	}
	if reason := c.checkAudience(payload); reason != "" {
		return TokenClaims{}, reason
	}
	sub, ok := payload["sub"].(string)
	if !ok {
		return TokenClaims{}, "Subject must be a string"
	}
	jti, ok := payload["jti"].(string)
	if !ok {
		return TokenClaims{}, "JWT ID must be a string"
	}
	if p, ok := payload["purpose"].(string); !ok || Purpose(p) != purpose {
		return TokenClaims{}, "token purpose mismatch"
	}
	// The reference converts with float()/int() and fails with a server
	// error on a value that is not a number; here it is refused with
	// PyJWT's words for the same fault.
	iatNum, ok := payload["iat"].(pyJSONNumber)
	if !ok {
		return TokenClaims{}, "Issued At claim (iat) must be an integer."
	}
	iat, err := numericDate(iatNum).microseconds()
	if err != nil {
		return TokenClaims{}, "Issued At claim (iat) is out of range"
	}
	expNum, ok := payload["exp"].(pyJSONNumber)
	if !ok {
		return TokenClaims{}, "Expiration Time claim (exp) must be an integer."
	}
	exp, err := numericDate(expNum).seconds()
	if err != nil {
		return TokenClaims{}, "Expiration Time claim (exp) is out of range"
	}
	if reason := c.checkNotYetValid(iatNum, payload["nbf"]); reason != "" {
		return TokenClaims{}, reason
	}
	if !c.clock.Now().Before(exp) {
		return TokenClaims{}, "Signature has expired"
	}
	claims := TokenClaims{Subject: sub, ID: jti, IssuedAt: iat, ExpiresAt: exp, Purpose: purpose}
	switch purpose {
	case PurposeEmailChange:
		if claims.NewEmail, ok = payload["new_email"].(string); !ok {
			return TokenClaims{}, "Invalid claim format in token"
		}
	case PurposePhoneSetup:
		if claims.Phone, ok = payload["phone"].(string); !ok {
			return TokenClaims{}, "Invalid claim format in token"
		}
	}
	return claims, ""
}

// checkAudience is PyJWT's _validate_aud (non-strict): without a configured
// audience a token whose "aud" is present and truthy is refused; with one,
// "aud" must be a string or a list of strings naming it.
func (c *TokenCodec) checkAudience(payload map[string]any) string {
	aud, present := payload["aud"]
	if c.audience == "" {
		if present && pyTruthy(aud) {
			return "Invalid audience"
		}
		return ""
	}
	if !present || !pyTruthy(aud) {
		return `Token is missing the "aud" claim`
	}
	var names []any
	switch v := aud.(type) {
	case string:
		names = []any{v}
	case []any:
		names = v
	default:
		return "Invalid claim format in token"
	}
	match := false
	for _, n := range names {
		s, ok := n.(string)
		if !ok {
			return "Invalid claim format in token"
		}
		match = match || s == c.audience
	}
	if !match {
		return "Audience doesn't match"
	}
	return ""
}

// pyTruthy is Python's truth value of a decoded JSON value.
func pyTruthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case string:
		return v != ""
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	case pyJSONNumber:
		f, err := numericDate(v).float()
		return err != nil || f != 0
	}
	return true
}

// checkNotYetValid returns PyJWT's reason when the token's "iat" or its
// optional "nbf" (this package never writes one) is later than now plus
// tokenClockLeeway, or "". Like PyJWT, it compares the whole seconds of the
// claim (int(iat)). A null "nbf" counts as absent.
func (c *TokenCodec) checkNotYetValid(iat pyJSONNumber, nbfValue any) string {
	limit := c.clock.Now().Add(tokenClockLeeway)
	if t, err := numericDate(iat).seconds(); err == nil && t.After(limit) {
		return "The token is not yet valid (iat)"
	}
	if nbfValue == nil {
		return ""
	}
	num, ok := nbfValue.(pyJSONNumber)
	if !ok {
		return "Not Before claim (nbf) must be an integer."
	}
	nbf, err := numericDate(num).seconds()
	if err != nil {
		return "Not Before claim (nbf) is out of range"
	}
	if nbf.After(limit) {
		return "The token is not yet valid (nbf)"
	}
	return ""
}
