package auth

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
	"github.com/pelletier/go-toml/v2/unstable"
)

// LoadConfig reads the configuration. Each source overrides the ones after
// it:
//
//  1. overrides, applied in order to the loaded Config;
//  2. REGSTACK_* environment variables ("__" nests: REGSTACK_EMAIL__SMTP_HOST);
//  3. regstack.secrets.env in the current directory, in the same form;
//  4. the TOML file at path; if path is "", the file named by
//     $REGSTACK_CONFIG, else ./regstack.toml if there is one;
//  5. DefaultConfig.
//
// Unknown keys in the TOML file are errors; its [generate] table belongs
// to regstack-gen and is ignored. The result is validated and Backend is
// set: to the backend this package was generated for when regstack.toml
// leaves it out, and database_url, wherever it came from, must select it.
// The generation keys (backend, enable_*, [email] and [sms] backend, and
// on SQL the table names) decide which code exists, and regstack-gen reads
// them from regstack.toml alone: a secrets-file entry or environment
// variable that asks for other code than this package has is refused,
// naming the variable, and so is a configuration asking for code this
// package was not generated with.
func LoadConfig(path string, overrides ...func(*Config)) (*Config, error) {
	var generated *generationKeys
	if k, ok := generatedWith(); ok {
		generated = &k
	}
	return loadConfig(path, generated, overrides)
}

// loadConfig is LoadConfig for a package generated with the given keys,
// or, when generated is nil, for the blueprint's union of every feature.
func loadConfig(path string, generated *generationKeys, overrides []func(*Config)) (*Config, error) {
	c := DefaultConfig()
	src := map[string]string{} // key → where its value came from
	file, err := configPath(path)
	if err != nil {
		return nil, err
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("auth: reading configuration: %w", err)
		}
		if errs := c.decodeTOML(file, data, src); len(errs) > 0 {
			return nil, joinConfigErrors(errs)
		}
	}
	secrets, err := readSecretsFile(secretsFile)
	if err != nil {
		return nil, fmt.Errorf("auth: %w", err)
	}
	vars := map[string]string{} // key → the variable that set it
	errs := c.applyVariables(secrets, func(name string) string { return secretsFile + " (" + name + ")" }, vars)
	errs = append(errs, c.applyVariables(environ(), func(name string) string { return name }, vars)...)
	maps.Copy(src, vars)
	if len(errs) > 0 {
		return nil, joinConfigErrors(errs)
	}
	c.applyOverrides(overrides, src)
	maps.DeleteFunc(vars, func(key, where string) bool { return src[key] != where }) // an override won
	if generated != nil && c.Backend == "" {
		// regstack.toml written before the backend key, or none at all.
		c.Backend = generated.Backend
	}
	if backend, err := c.resolveBackend(); err == nil {
		c.Backend = backend
	}
	if generated != nil {
		errs = refuseGenerationVariables(c.generationKeys(), *generated, vars)
	}
	refused := map[string]bool{}
	for _, e := range errs {
		refused[e.key] = true
	}
	for _, e := range c.problems() {
		if !refused[e.anchor()] {
			e.where = src[e.anchor()]
			errs = append(errs, e)
		}
	}
	if len(errs) > 0 {
		return nil, joinConfigErrors(errs)
	}
	if generated != nil {
		if err := compareGeneration(c.generationKeys(), *generated, src); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// configPath picks the TOML file: path, else $REGSTACK_CONFIG, else
// ./regstack.toml when it exists. A file named explicitly must exist.
func configPath(path string) (string, error) {
	if path != "" {
		return path, nil
	}
	if env := os.Getenv("REGSTACK_CONFIG"); env != "" {
		return env, nil
	}
	info, err := os.Stat("regstack.toml")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("auth: %w", err)
	case info.Mode().IsRegular():
		return "regstack.toml", nil
	}
	return "", nil
}

// applyOverrides runs the caller's overrides and records each key they
// changed, so that a problem with it is not blamed on the file.
func (c *Config) applyOverrides(overrides []func(*Config), src map[string]string) {
	if len(overrides) == 0 {
		return
	}
	before := c.snapshot()
	for _, o := range overrides {
		o(c)
	}
	for key, v := range c.snapshot() {
		if before[key] != v {
			src[key] = ""
		}
	}
}

// snapshot renders every field's value, to tell which ones changed.
func (c *Config) snapshot() map[string]string {
	out := map[string]string{}
	for _, f := range c.fields() {
		out[f.key] = fmt.Sprintf("%#v", f.value())
	}
	return out
}

// decodeTOML applies a TOML document to c, reporting every unknown key and
// wrong type with its line, in the wording regstack-gen uses.
func (c *Config) decodeTOML(file string, data []byte, src map[string]string) []*configError {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		e := &configError{where: file, msg: "invalid TOML: " + strings.TrimPrefix(err.Error(), "toml: ")}
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			e.where = fmt.Sprintf("%s:%d", file, line)
		}
		return []*configError{e}
	}
	lines := keyLines(data)
	where := func(key string) string {
		if l := lines[key]; l > 0 {
			return fmt.Sprintf("%s:%d", file, l)
		}
		return file
	}
	var errs []*configError
	var walk func(prefix string, table map[string]any)
	walk = func(prefix string, table map[string]any) {
		for _, name := range slices.Sorted(maps.Keys(table)) {
			key, val := prefix+name, table[name]
			if key == "generate" {
				continue // regstack-gen's table
			}
			sub, isTable := val.(map[string]any)
			if key == oauthProvidersKey {
				providers, probs := decodeOAuthProviders(val)
				for _, pr := range probs {
					errs = append(errs, &configError{where: where(pr.key), key: pr.key, msg: pr.msg})
				}
				for k := range lines {
					if strings.HasPrefix(k, key+".") {
						src[k] = where(k)
					}
				}
				c.OAuth.Providers = providers
				continue
			}
			if prefix == "" && isConfigTable(name) {
				if !isTable {
					errs = append(errs, &configError{where: where(key), key: key, msg: key + ": expected table, got " + tomlTypeName(val)})
					continue
				}
				walk(key+".", sub)
				continue
			}
			f, ok := c.field(key)
			if !ok {
				kind := "key"
				if isTable {
					kind = "table"
				}
				errs = append(errs, &configError{where: where(key), key: key, msg: fmt.Sprintf("unknown %s %q", kind, key),
					hint: unknownKeyHint(prefix, name)})
				continue
			}
			src[key] = where(key)
			if msg := setFromTOML(f, val); msg != "" {
				errs = append(errs, &configError{where: where(key), key: key, msg: msg})
			}
		}
	}
	walk("", doc)
	slices.SortStableFunc(errs, func(a, b *configError) int { return lines[a.key] - lines[b.key] })
	return errs
}

// configTables lists the tables of Config.
func configTables() []string { return []string{"email", "sms", "oauth"} }

// isConfigTable reports whether name is one of the tables of Config.
func isConfigTable(name string) bool { return slices.Contains(configTables(), name) }

// setFromTOML stores a decoded TOML value in f, or says why it cannot.
func setFromTOML(f configField, val any) string {
	bad := func(want string) string { return f.key + ": expected " + want + ", got " + tomlTypeName(val) }
	n, isInt := val.(int64)
	switch p := f.ptr.(type) {
	case *string:
		s, ok := val.(string)
		if !ok {
			return bad("string")
		}
		*p = s
	case *bool:
		b, ok := val.(bool)
		if !ok {
			return bad("boolean")
		}
		*p = b
	case *int:
		if !isInt {
			return bad("integer")
		}
		*p = int(n)
	case *int64:
		if !isInt {
			return bad("integer")
		}
		*p = n
	case *uint8:
		if !isInt {
			return bad("integer")
		}
		if n < 0 || n > 255 {
			return outOfRange(f.key, n, 255)
		}
		*p = uint8(n)
	case *uint32:
		if !isInt {
			return bad("integer")
		}
		if n < 0 || n > 1<<32-1 {
			return outOfRange(f.key, n, 1<<32-1)
		}
		*p = uint32(n)
	case *[]string:
		list, ok := val.([]any)
		if !ok {
			return bad("array of strings")
		}
		out := make([]string, len(list))
		for i, e := range list {
			s, ok := e.(string)
			if !ok {
				return f.key + ": expected array of strings, got array containing " + tomlTypeName(e)
			}
			out[i] = s
		}
		*p = out
	}
	return ""
}

// outOfRange words a value too large for its field like the key's own
// range rule, when it has one.
func outOfRange(key string, n, typeMax int64) string {
	lo, hi := int64(0), typeMax
	for _, r := range DefaultConfig().intRules() {
		if r.key == key {
			lo, hi = r.min, min(r.max, typeMax)
		}
	}
	return fmt.Sprintf("%s must be between %d and %d, got %d", key, lo, hi, n)
}

// tomlTypeName names the TOML type of a decoded value.
func tomlTypeName(val any) string {
	switch val.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64:
		return "integer"
	case float64:
		return "float"
	case []any, []map[string]any:
		return "array"
	case map[string]any:
		return "table"
	case time.Time, toml.LocalDateTime:
		return "date-time"
	case toml.LocalDate:
		return "date"
	case toml.LocalTime:
		return "time"
	}
	return fmt.Sprintf("%T", val)
}

// keyLines maps each dotted key of a valid TOML document to the line where
// it first appears. toml.Unmarshal keeps no positions, so the document is
// read a second time with the parser that exposes them.
func keyLines(data []byte) map[string]int {
	lines := map[string]int{}
	var p unstable.Parser
	p.Reset(data)
	var record func(prefix []string, key unstable.Iterator) []string
	record = func(prefix []string, key unstable.Iterator) []string {
		path := slices.Clone(prefix)
		for key.Next() {
			n := key.Node()
			path = append(path, string(n.Data))
			if k := strings.Join(path, "."); lines[k] == 0 {
				lines[k] = p.Shape(n.Raw).Start.Line
			}
		}
		return path
	}
	var keyValue func(prefix []string, kv *unstable.Node)
	keyValue = func(prefix []string, kv *unstable.Node) {
		path := record(prefix, kv.Key())
		if v := kv.Value(); v.Kind == unstable.InlineTable {
			for it := v.Children(); it.Next(); {
				keyValue(path, it.Node())
			}
		}
	}
	var table []string
	for p.NextExpression() {
		switch e := p.Expression(); e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = record(nil, e.Key())
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return lines
}
