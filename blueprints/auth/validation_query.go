//regstack:feature admin

package auth

import (
	"fmt"
	"math"
	"math/big"
	"net/url"
	"strings"
)

// intQuery is one optional integer query parameter with inclusive bounds,
// as the reference declared them (Query(default, ge=…, le=…)). max is
// math.MaxInt64 when the parameter has no upper bound.
type intQuery struct {
	name          string
	def, min, max int64
}

// parseIntQueries reads every parameter of specs from q, in order, and
// returns their values; the failures are reported together in the
// reference's pydantic shape with loc ["query", name], so a front end shows
// them like body errors. When a key is repeated the last value counts, as
// with Starlette.
func parseIntQueries(q url.Values, specs ...intQuery) ([]int64, error) {
	values := make([]int64, len(specs))
	var errs validationErrors
	for i, spec := range specs {
		vs, ok := q[spec.name]
		if !ok || len(vs) == 0 {
			values[i] = spec.def
			continue
		}
		raw := vs[len(vs)-1]
		n, fe := checkIntQuery(raw, spec)
		if fe != nil {
			fe.Loc = []any{"query", spec.name}
			errs = append(errs, *fe)
			continue
		}
		values[i] = n
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return values, nil
}

// checkIntQuery parses raw as pydantic's lax mode parses a string into an
// int (surrounding space, a sign, and a fraction of zeros, "5." included,
// are accepted; the
// value may be arbitrarily large) and checks spec's bounds. A value beyond
// int64 that no upper bound rejects is capped at math.MaxInt64: as an
// offset it is past the end of any table either way.
func checkIntQuery(raw string, spec intQuery) (int64, *fieldError) {
	s := strings.TrimSpace(raw)
	if whole, frac, ok := strings.Cut(s, "."); ok && strings.Trim(frac, "0") == "" {
		s = whole
	}
	n, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return 0, &fieldError{
			Type: "int_parsing", Input: raw,
			Msg: "Input should be a valid integer, unable to parse string as an integer",
		}
	}
	if n.Cmp(big.NewInt(spec.min)) < 0 {
		return 0, &fieldError{
			Type: "greater_than_equal", Input: raw, Ctx: map[string]any{"ge": spec.min},
			Msg: fmt.Sprintf("Input should be greater than or equal to %d", spec.min),
		}
	}
	if spec.max != math.MaxInt64 && n.Cmp(big.NewInt(spec.max)) > 0 {
		return 0, &fieldError{
			Type: "less_than_equal", Input: raw, Ctx: map[string]any{"le": spec.max},
			Msg: fmt.Sprintf("Input should be less than or equal to %d", spec.max),
		}
	}
	if !n.IsInt64() {
		return math.MaxInt64, nil
	}
	return n.Int64(), nil
}
