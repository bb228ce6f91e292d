//regstack:feature backend=mongo

package auth

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// serverVersioner is implemented by stores that can report the database
// server's version: the MongoDB store, from the buildInfo command. The
// doctor asserts it on the store rather than naming the MongoDB store, so a
// test can put a store reporting any version in its place.
type serverVersioner interface {
	ServerVersion(ctx context.Context) (string, error)
}

// checkServerVersion reads the server version and judges it.
func checkServerVersion(ctx context.Context, sv serverVersioner, timeout time.Duration) Check {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	v, err := sv.ServerVersion(ctx)
	if err != nil {
		return Check{Name: "mongodb version", Status: CheckWarn, Detail: fmt.Sprintf("could not read the server version: %v", err)}
	}
	return mongoAdvisory(v)
}

// mongoFixedReleases maps each MongoDB release line to the first release
// fixing CVE-2025-14847 ("MongoBleed"): an unauthenticated heap disclosure
// through zlib-compressed wire messages, CVSS 8.7, listed in CISA's Known
// Exploited Vulnerabilities catalog. It affects servers 3.6 to 8.2; lines
// in that range missing here (4.2 and older, and the rapid releases) have
// no fixed release.
func mongoFixedReleases() map[[2]int][3]int {
	return map[[2]int][3]int{
		{8, 2}: {8, 2, 3},
		{8, 0}: {8, 0, 17},
		{7, 0}: {7, 0, 28},
		{6, 0}: {6, 0, 27},
		{5, 0}: {5, 0, 32},
		{4, 4}: {4, 4, 30},
	}
}

// mongoMitigation is what to do when upgrading has to wait.
const mongoMitigation = "until you can upgrade, remove zlib from net.compression.compressors in mongod.conf"

// mongoAdvisory judges a MongoDB server version against the
// CVE-2025-14847 advisory. An affected version warns rather than fails:
// the deployment works, and the mitigation needs no upgrade.
func mongoAdvisory(version string) Check {
	const name = "mongodb version"
	v, ok := parseServerVersion(version)
	if !ok {
		return Check{Name: name, Status: CheckWarn, Detail: fmt.Sprintf("cannot parse server version %q to check it against CVE-2025-14847", version)}
	}
	line := [2]int{v[0], v[1]}
	affected := compareVersions(v, [3]int{3, 6, 0}) >= 0 && compareVersions(v, [3]int{8, 3, 0}) < 0
	if !affected {
		return Check{Name: name, Status: CheckPass, Detail: version + " (not affected by CVE-2025-14847)"}
	}
	fixed, hasFix := mongoFixedReleases()[line]
	switch {
	case hasFix && compareVersions(v, fixed) >= 0:
		return Check{Name: name, Status: CheckPass, Detail: version + " (CVE-2025-14847 fixed)"}
	case hasFix:
		return Check{Name: name, Status: CheckWarn, Detail: fmt.Sprintf(
			"%s is affected by CVE-2025-14847 (unauthenticated memory disclosure): upgrade to %d.%d.%d or later; %s",
			version, fixed[0], fixed[1], fixed[2], mongoMitigation)}
	}
	return Check{Name: name, Status: CheckWarn, Detail: fmt.Sprintf(
		"%s is affected by CVE-2025-14847 (unauthenticated memory disclosure) and the %d.%d line has no fix: upgrade to 8.0.17, 8.2.3 or later; %s",
		version, line[0], line[1], mongoMitigation)}
}

// parseServerVersion reads "major.minor.patch" with an optional suffix
// ("7.0.28", "8.2.3-rc1", "6.0.27-ent").
func parseServerVersion(s string) ([3]int, bool) {
	var v [3]int
	core, _, _ := strings.Cut(strings.TrimSpace(s), "-")
	core, _, _ = strings.Cut(core, "+")
	parts := strings.Split(core, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return v, false
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return v, false
		}
		v[i] = n
	}
	return v, true
}

// compareVersions returns -1, 0 or 1 as a is lower than, equal to or
// higher than b.
func compareVersions(a, b [3]int) int {
	for i := range a {
		switch {
		case a[i] < b[i]:
			return -1
		case a[i] > b[i]:
			return 1
		}
	}
	return 0
}
