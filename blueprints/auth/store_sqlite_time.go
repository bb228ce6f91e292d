//regstack:feature backend=sqlite

package auth

import (
	"fmt"
	"strings"
	"time"
)

// sqliteParseTime reads a time the session query returns as stored text.
// Its layout, sqliteTimeLayout, is read directly; any other text (a row
// another writer stored differently) is read as modernc.org/sqlite reads a
// DATETIME column: Go's time.String form, then its layouts in its order,
// a trailing "Z" meaning UTC. Text none of them reads is an error, as the
// driver's would be when scanning into a time.
func sqliteParseTime(s string) (time.Time, error) {
	if t, ok := parseSQLiteLayout(s); ok {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", strings.TrimSpace(cutMonotonic(s))); err == nil {
		return t, nil
	}
	ts, _ := strings.CutSuffix(s, "Z")
	for _, layout := range []string{
		"2006-01-02 15:04:05.999999999-07:00",
		"2006-01-02T15:04:05.999999999-07:00",
		"2006-01-02 15:04:05.999999999",
		"2006-01-02T15:04:05.999999999",
		"2006-01-02 15:04",
		"2006-01-02T15:04",
		"2006-01-02",
	} {
		if t, err := time.Parse(layout, ts); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("sqlite: stored time %q has no known layout", s)
}

// cutMonotonic drops the " m=+…" reading time.String appends.
func cutMonotonic(s string) string {
	if i := strings.Index(s, "m="); i > 0 {
		return s[:i]
	}
	return s
}

// sqliteParseNullTime is sqliteParseTime with "" (the query's NULL) as nil.
func sqliteParseNullTime(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := sqliteParseTime(s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// parseSQLiteLayout reads exactly "YYYY-MM-DD HH:MM:SS.ffffff" as UTC,
// checking every field's range, without time.Parse's layout walk.
func parseSQLiteLayout(s string) (time.Time, bool) {
	if len(s) != len(sqliteTimeLayout) || s[4] != '-' || s[7] != '-' || s[10] != ' ' ||
		s[13] != ':' || s[16] != ':' || s[19] != '.' {
		return time.Time{}, false
	}
	num := func(from, to int) (int, bool) {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(0, 4)
	month, ok2 := num(5, 7)
	day, ok3 := num(8, 10)
	hour, ok4 := num(11, 13)
	minute, ok5 := num(14, 16)
	sec, ok6 := num(17, 19)
	micro, ok7 := num(20, 26)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) ||
		month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC)
	if t.Day() != day { // 31 April and the like: time.Parse refuses them
		return time.Time{}, false
	}
	return t, true
}
