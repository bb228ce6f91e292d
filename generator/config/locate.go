package config

// ErrorAt returns an Error about key, placed at the line of regstack.toml
// that set it (or at the file, for a key left to its default), for
// problems found after parsing, such as a feature this version cannot
// generate.
func (c *Config) ErrorAt(key, msg, hint string) *Error {
	return c.problem(key, msg, hint)
}
