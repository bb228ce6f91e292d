package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	pkgzauth "github.com/go-pkgz/auth/v2"
	"github.com/go-pkgz/auth/v2/avatar"
	"github.com/go-pkgz/auth/v2/provider"
	"github.com/go-pkgz/auth/v2/token"
	"github.com/golang-jwt/jwt/v5"
	abclientstate "github.com/volatiletech/authboss-clientstate"
	"github.com/volatiletech/authboss/v3"
	"github.com/volatiletech/authboss/v3/defaults"
)

// The peers: minimal apps of two Go authentication libraries answering the
// same "who am I" request, with the same point read as the floor.

// credential is the header a client sends to be signed in.
type credential struct{ header, value string }

// goPkgzApp is go-pkgz/auth v2: its JWT middleware (token in the X-JWT
// header, XSRF off as for a header token), then, unless tokenOnly, the
// user read by the id in the token. go-pkgz has no revocation list: a
// token is valid until it expires.
func goPkgzApp(secret, userID string, read userReader, tokenOnly bool) (http.Handler, credential, error) {
	svc := pkgzauth.NewService(pkgzauth.Opts{
		SecretReader:   token.SecretFunc(func(string) (string, error) { return secret, nil }),
		TokenDuration:  time.Hour,
		CookieDuration: time.Hour,
		Issuer:         "bench",
		URL:            "http://127.0.0.1",
		AvatarStore:    avatar.NewNoOp(),
		DisableXSRF:    true,
	})
	// A direct (password) provider, as an app signing users in itself has;
	// go-pkgz user ids are "<provider>_<id>" and the middleware only takes
	// tokens of a registered provider. Its sign-in is not measured.
	svc.AddDirectProvider("local", provider.CredCheckerFunc(func(string, string) (bool, error) { return false, nil }))
	tok, err := svc.TokenService().Token(token.Claims{
		RegisteredClaims: jwt.RegisteredClaims{
			ID:        "bench-session",
			Issuer:    "bench",
			Audience:  jwt.ClaimStrings{"bench"},
			IssuedAt:  jwt.NewNumericDate(time.Now()),
			ExpiresAt: jwt.NewNumericDate(time.Now().Add(time.Hour)),
		},
		User: &token.User{ID: "local_" + userID, Name: "load@example.com"},
	})
	if err != nil {
		return nil, credential{}, err
	}
	me := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		info, err := token.GetUserInfo(r)
		if err != nil {
			http.Error(w, `{"detail":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		if tokenOnly {
			writeUser(w, benchUser{ID: strings.TrimPrefix(info.ID, "local_"), Email: info.Name, IsActive: true})
			return
		}
		u, err := read(r.Context(), strings.TrimPrefix(info.ID, "local_"))
		if err != nil {
			http.Error(w, `{"detail":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		writeUser(w, u)
	})
	mux := http.NewServeMux()
	m := svc.Middleware()
	mux.Handle("GET /me", m.Auth(me))
	return mux, credential{"X-JWT", tok}, nil
}

// abUser is an authboss user.
type abUser struct{ benchUser }

func (u *abUser) GetPID() string    { return u.ID }
func (u *abUser) PutPID(pid string) { u.ID = pid }

// abStorer is authboss's server storer over the point read.
type abStorer struct{ read userReader }

func (s abStorer) Load(ctx context.Context, key string) (authboss.User, error) {
	u, err := s.read(ctx, key)
	if errors.Is(err, errNoUser) {
		return nil, authboss.ErrUserNotFound
	}
	if err != nil {
		return nil, err
	}
	return &abUser{u}, nil
}

func (s abStorer) Save(context.Context, authboss.User) error { return nil }

// abQuiet is an authboss logger that drops everything, as the other apps
// log nothing per request.
type abQuiet struct{}

func (abQuiet) Info(string)  {}
func (abQuiet) Error(string) {}

// authbossApp is authboss v3: its client-state middleware reading an
// encrypted, signed cookie session (gorilla securecookie, through
// authboss-clientstate), Middleware2 loading the current user through the
// storer (the point read), and a handler answering it.
func authbossApp(secret string, userID string, read userReader) (http.Handler, credential, error) {
	hashKey := sha256.Sum256([]byte("hash:" + secret))
	blockKey := sha256.Sum256([]byte("block:" + secret))
	ab := authboss.New()
	ab.Config.Storage.Server = abStorer{read}
	ab.Config.Storage.SessionState = abclientstate.NewSessionStorer("ab_session", hashKey[:], blockKey[:])
	ab.Config.Storage.CookieState = abclientstate.NewCookieStorer(hashKey[:], blockKey[:])
	defaults.SetCore(&ab.Config, true, false)
	ab.Config.Core.Logger = abQuiet{}
	if err := ab.Init(); err != nil {
		return nil, credential{}, err
	}
	me := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, ok := r.Context().Value(authboss.CTXKeyUser).(*abUser)
		if !ok {
			http.Error(w, `{"detail":"Unauthorized"}`, http.StatusUnauthorized)
			return
		}
		writeUser(w, u.benchUser)
	})
	mux := http.NewServeMux()
	mux.Handle("GET /me", ab.LoadClientStateMiddleware(authboss.Middleware2(ab, authboss.RequireNone, authboss.RespondUnauthorized)(me)))

	// Sign the user in the way authboss's login module does: the pid in
	// the session, written as the session cookie.
	rec := httptest.NewRecorder()
	ab.LoadClientStateMiddleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		authboss.PutSession(w, authboss.SessionKey, userID)
		w.WriteHeader(http.StatusNoContent)
	})).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	var pairs []string
	for _, c := range rec.Result().Cookies() {
		pairs = append(pairs, c.Name+"="+c.Value)
	}
	if len(pairs) == 0 {
		return nil, credential{}, errors.New("authboss wrote no session cookie")
	}
	return mux, credential{"Cookie", strings.Join(pairs, "; ")}, nil
}
