//regstack:omit

package auth

// This file exists only in the blueprint: it lets regstack-gen read the
// one declaration of the configuration keys (configKeys) and the rules
// that need no secret (ruleProblems) instead of keeping a copy of them.
// A generated package does not get it.

// Key describes one configuration key for regstack-gen.
type Key struct {
	Name       string   // dotted TOML key
	Type       string   // TOML type
	Default    string   // as TOML spells it
	Env        string   // the REGSTACK_* variable
	Doc        string   // one documentation line
	Ranged     bool     // an integer bounded by Min and Max
	Min, Max   int64    // Max is math.MaxInt64 when unbounded
	OneOf      []string // accepted values, when limited
	Generation bool     // decides which code exists
	Feature    string   // the blueprint feature a boolean generation key selects
	Secret     bool     // belongs in the secrets file or the environment
	// Value reads the key's value from a Config.
	Value func(*Config) any
}

// Keys returns every configuration key, in documentation order.
func Keys() []Key {
	keys := configKeys()
	out := make([]Key, len(keys))
	for i, k := range keys {
		out[i] = Key{
			Name: k.key, Type: k.typ, Default: k.def, Env: k.envName(), Doc: k.doc,
			Ranged: k.ranged, Min: k.min, Max: k.max, OneOf: k.oneOf,
			Generation: k.generation, Feature: k.feature, Secret: k.secret,
			Value: func(c *Config) any { return derefField(k.ptr(c)) },
		}
	}
	return out
}

// derefField returns the value behind a field pointer.
func derefField(ptr any) any { return configField{ptr: ptr}.value() }

// Problem is one broken rule: Key is what it is about, At the key whose
// line it is reported at.
type Problem struct {
	Key, At, Msg, Hint string
}

// RuleProblems checks every rule of c that needs no secret and no
// generated backend, as the generated package checks them at run time.
func RuleProblems(c *Config) []Problem {
	errs := c.ruleProblems()
	out := make([]Problem, len(errs))
	for i, e := range errs {
		out[i] = Problem{Key: e.key, At: e.anchor(), Msg: e.msg, Hint: e.hint}
	}
	return out
}

// TOMLTypeName names the TOML type of a decoded value, as the package's
// messages do.
func TOMLTypeName(val any) string { return tomlTypeName(val) }

// KeyLines maps each dotted key of a valid TOML document to the line where
// it first appears.
func KeyLines(data []byte) map[string]int { return keyLines(data) }

// Suggest returns the candidate closest to name, or "": regstack-gen's
// "did you mean" uses the generated package's own rule, so both suggest
// the same key.
func Suggest(name string, candidates []string) string { return suggestKey(name, candidates) }

// DecodeOAuthProviders decodes the [oauth.providers] table as LoadConfig
// does, returning each problem as its dotted key and message.
func DecodeOAuthProviders(val any) (map[string]OAuthProviderConfig, [][2]string) {
	out, probs := decodeOAuthProviders(val)
	var pairs [][2]string
	for _, p := range probs {
		pairs = append(pairs, [2]string{p.key, p.msg})
	}
	return out, pairs
}
