package auth

// backendError is a store's failure to open or reach its database: the
// server is down or refuses the credentials, or the SQLite file cannot be
// opened. Its message reads "postgres: connect: <cause>", as the stores
// have always worded it; the doctor takes Op and the cause apart to say
// it once, in its own words, instead of repeating every layer's prefix.
type backendError struct {
	backend string // "sqlite", "postgres", "mongo"
	op      string // "open", "connect", "ping"
	err     error
}

// Error returns "<backend>: <op>: <cause>".
func (e *backendError) Error() string { return e.backend + ": " + e.op + ": " + e.err.Error() }

// Unwrap returns the cause, for errors.Is and errors.As.
func (e *backendError) Unwrap() error { return e.err }
