package auth

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
)

// checkSecretsFile warns when the secrets file (regstack.secrets.env in
// the current directory, where LoadConfig reads it) can be read or
// written by anyone but its owner: it holds the JWT secret, from which
// every session token is signed, and often the database password.
func (d *doctor) checkSecretsFile(context.Context) []Check {
	return []Check{secretsFileCheck(secretsFile, runtime.GOOS)}
}

// secretsFileCheck judges the mode of the secrets file at path.
func secretsFileCheck(path, goos string) Check {
	const name = "secrets file"
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return Check{Name: name, Status: CheckPass, Detail: "none in the current directory (secrets come from the environment)"}
	case err != nil:
		return Check{Name: name, Status: CheckWarn, Detail: fmt.Sprintf("cannot inspect %s: %v", path, err)}
	case goos == "windows":
		// Windows has no Unix permission bits; Go reports made-up ones.
		return Check{Name: name, Status: CheckPass, Detail: path + " present (permissions not checked on Windows)"}
	}
	perm := info.Mode().Perm()
	who := ""
	switch {
	case perm&0o070 != 0 && perm&0o007 != 0:
		who = "group and others"
	case perm&0o070 != 0:
		who = "its group"
	case perm&0o007 != 0:
		who = "others"
	default:
		return Check{Name: name, Status: CheckPass, Detail: fmt.Sprintf("%s is private (mode %04o)", path, perm)}
	}
	return Check{Name: name, Status: CheckWarn,
		Detail: fmt.Sprintf("%s has mode %04o: %s can access the JWT secret; run `chmod 600 %s`", path, perm, who, path)}
}
