package auth

import (
	"strconv"
	"strings"
)

// suggestKey returns the candidate closest to name, or "" when none is
// close: within an edit distance of 2, or one being a prefix of the other
// (at least four characters shared), which catches "enable_sms" for
// "enable_sms_2fa". Ties go to the earlier candidate. regstack-gen makes
// its suggestions with this same function, so a misspelt key gets the same
// "did you mean" from both.
func suggestKey(name string, candidates []string) string {
	best, bestScore := "", -1
	for _, c := range candidates {
		score := -1
		if d := editDistance(name, c); d <= 2 {
			score = d
		} else if isPrefixPair(name, c) {
			score = 3 + absInt(len(c)-len(name))
		}
		if score >= 0 && (bestScore < 0 || score < bestScore) {
			best, bestScore = c, score
		}
	}
	return best
}

// isPrefixPair reports whether one of a and b starts with the other, both
// being at least four characters long.
func isPrefixPair(a, b string) bool {
	if len(a) < 4 || len(b) < 4 {
		return false
	}
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}

// editDistance is the Levenshtein distance between a and b, in bytes (keys
// are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func absInt(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// unknownKeyHint suggests what an unknown key in the TOML file was meant
// to be: the closest key at the same level ("did you mean
// "enable_admin_router"?"), else the table a known key belongs in, or
// that a table's key is a top-level one (after a [table] header, a
// top-level key silently joins that table). The wording is regstack-gen's.
func unknownKeyHint(prefix, name string) string {
	var level []string
	for _, k := range configKeys() {
		if rest, ok := strings.CutPrefix(k.key, prefix); ok && !strings.Contains(rest, ".") {
			level = append(level, rest)
		}
	}
	if prefix == "" {
		level = append(level, configTables()...)
		level = append(level, "generate") // regstack-gen's table
	}
	if s := suggestKey(name, level); s != "" {
		return "did you mean " + strconv.Quote(prefix+s) + "?"
	}
	if prefix != "" {
		for _, k := range configKeys() {
			if k.key == name {
				return strconv.Quote(name) + " is a top-level key: move it above the first [table]"
			}
		}
		return ""
	}
	for _, t := range configTables() {
		for _, k := range configKeys() {
			if k.key == t+"."+name {
				return strconv.Quote(name) + " belongs in the [" + t + "] table"
			}
		}
	}
	return ""
}
