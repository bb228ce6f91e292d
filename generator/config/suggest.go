package config

import (
	"strconv"
	"strings"
)

// suggest returns the candidate closest to name, or "" when none is close:
// within an edit distance of 2, or one being a prefix of the other (at
// least four characters shared), which catches "enable_sms" for
// "enable_sms_2fa". Ties go to the earlier candidate.
func suggest(name string, candidates []string) string {
	best, bestScore := "", -1
	for _, c := range candidates {
		score := -1
		if d := editDistance(name, c); d <= 2 {
			score = d
		} else if isPrefixPair(name, c) {
			score = 3 + abs(len(c)-len(name))
		}
		if score >= 0 && (bestScore < 0 || score < bestScore) {
			best, bestScore = c, score
		}
	}
	return best
}

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

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// didYouMean formats a suggestion as a hint.
func didYouMean(s string) string {
	if s == "" {
		return ""
	}
	return "did you mean " + quote(s) + "?"
}

// quote renders s in double quotes, escaped as in Go (and, for the
// characters keys and values use, as in TOML).
func quote(s string) string { return strconv.Quote(s) }
