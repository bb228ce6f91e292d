//regstack:feature backend=mongo

package auth

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// WithMongoDatabase makes the store use the host's MongoDB database; the
// store never disconnects its client.
func WithMongoDatabase(db *mongo.Database) Option { return func(o *options) { o.backend.mongoDB = db } }

// mongoStore is the Store on MongoDB.
//
// Not every server this package supports has multi-document transactions
// (FerretDB has none), so where the contract needs atomicity a method
// rests on one single-document operation (findOneAndUpdate, an insert
// guarded by a unique index, a delete whose count decides), and the few
// methods that touch several collections order their writes so that a
// failure half-way leaves nothing a later read would misinterpret.
//
// FerretDB, the MongoDB-wire server the tests run on, carries out
// findAndModify and updates as a read followed by a whole-document write:
// unique indexes still hold, but two concurrent updates of one user can
// lose one of the changes there, and findOneAndDelete can hand one
// document to two callers, which is why TakePending does not use it.
type mongoStore struct {
	db *mongo.Database
	// client is the client the store connected and Close disconnects; nil
	// for a host database passed with WithMongoDatabase.
	client *mongo.Client
	logger *slog.Logger

	users           *mongo.Collection
	pending         *mongo.Collection
	blacklist       *mongo.Collection
	loginAttempts   *mongo.Collection
	mfaCodes        *mongo.Collection
	oauthIdentities *mongo.Collection
	oauthStates     *mongo.Collection
}

// mongoDefaultDatabase is the database used when neither the URL nor
// mongodb_database names one, as in the Python library.
const mongoDefaultDatabase = "regstack"

// openMongoStore connects to the server cfg.DatabaseURL names, or wraps the
// host database set with WithMongoDatabase.
func openMongoStore(ctx context.Context, cfg *Config, o *options) (Store, error) {
	if o.backend.mongoDB != nil {
		return newMongoStore(o.backend.mongoDB, nil, cfg, o.logger), nil
	}
	uri, name, err := parseMongoURL(cfg.DatabaseURL, cfg.MongoDatabase)
	if err != nil {
		return nil, err
	}
	client, err := mongo.Connect(mongoopts.Client().ApplyURI(uri))
	if err != nil {
		return nil, fmt.Errorf("mongo: connect: %w", err)
	}
	s := newMongoStore(client.Database(name), client, cfg, o.logger)
	// Connecting is lazy; a ping reports a wrong address or credentials
	// now rather than at the first request.
	if err := s.Ping(ctx); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	return s, nil
}

// newMongoStore binds the store to db and the collections cfg names,
// defaulting each to the Python library's name; client is what Close
// disconnects (nil for a host database).
func newMongoStore(db *mongo.Database, client *mongo.Client, cfg *Config, logger *slog.Logger) *mongoStore {
	return &mongoStore{
		db:              db,
		client:          client,
		logger:          logger,
		users:           db.Collection(cmp.Or(cfg.UserCollection, "users")),
		pending:         db.Collection(cmp.Or(cfg.PendingCollection, "pending_registrations")),
		blacklist:       db.Collection(cmp.Or(cfg.BlacklistCollection, "token_blacklist")),
		loginAttempts:   db.Collection(cmp.Or(cfg.LoginAttemptCollection, "login_attempts")),
		mfaCodes:        db.Collection(cmp.Or(cfg.MFACodeCollection, "mfa_codes")),
		oauthIdentities: db.Collection(cmp.Or(cfg.OAuthIdentityCollection, "oauth_identities")),
		oauthStates:     db.Collection(cmp.Or(cfg.OAuthStateCollection, "oauth_states")),
	}
}

// parseMongoURL returns the URL to give the driver and the database it
// names: the URL's path, else fallback (the mongodb_database key), else
// "regstack". The scheme is matched without regard to case, as the Python
// library does, and lower-cased for the driver, which accepts only
// mongodb:// and mongodb+srv://. The split follows the connection-string
// specification the driver implements (user information must escape "@"
// and "/"), without the DNS lookups the driver's own parser makes for
// mongodb+srv.
func parseMongoURL(raw, fallback string) (uri, database string, err error) {
	scheme, rest, ok := strings.Cut(raw, "://")
	scheme = strings.ToLower(scheme)
	if !ok || (scheme != "mongodb" && scheme != "mongodb+srv") {
		return "", "", errors.New("mongo: database_url: want mongodb://host[:port]/[database] or mongodb+srv://host/[database]")
	}
	uri = scheme + "://" + rest
	if i := strings.Index(rest, "@"); i >= 0 {
		rest = rest[i+1:]
	}
	hosts, path, hasPath := strings.Cut(rest, "/")
	if hosts == "" || strings.HasPrefix(hosts, "?") {
		return "", "", errors.New("mongo: database_url: no host")
	}
	if hasPath {
		path, _, _ = strings.Cut(path, "?")
		if database, err = url.QueryUnescape(path); err != nil {
			return "", "", fmt.Errorf("mongo: database_url: database name: %w", err)
		}
	}
	database = cmp.Or(database, fallback, mongoDefaultDatabase)
	if strings.ContainsAny(database, `/\. "$`) {
		return "", "", fmt.Errorf("mongo: database_url: invalid database name %q", database)
	}
	return uri, database, nil
}

// Close disconnects the client the store connected; a host database's
// client stays connected.
func (s *mongoStore) Close() error {
	if s.client == nil {
		return nil
	}
	if err := s.client.Disconnect(context.Background()); err != nil {
		return fmt.Errorf("mongo: disconnect: %w", err)
	}
	return nil
}

// Ping checks that the server answers.
func (s *mongoStore) Ping(ctx context.Context) error {
	if err := s.db.RunCommand(ctx, bson.D{{Key: "ping", Value: 1}}).Err(); err != nil {
		return &backendError{backend: "mongo", op: "ping", err: err}
	}
	return nil
}

// ServerVersion returns the server's version as buildInfo reports it, for
// the doctor command's advisory check. (FerretDB reports the MongoDB
// version it is compatible with.)
func (s *mongoStore) ServerVersion(ctx context.Context) (string, error) {
	info, err := s.buildInfo(ctx)
	if err != nil {
		return "", err
	}
	return info.Version, nil
}

// mongoBuildInfo is the part of the buildInfo command's reply the store
// reads.
type mongoBuildInfo struct {
	Version string `bson:"version"`
	// FerretDBVersion is set only by FerretDB, which implements the wire
	// protocol but not every feature (no TTL indexes).
	FerretDBVersion string `bson:"ferretdbVersion"`
}

// buildInfo runs the buildInfo command.
func (s *mongoStore) buildInfo(ctx context.Context) (mongoBuildInfo, error) {
	var info mongoBuildInfo
	if err := s.db.RunCommand(ctx, bson.D{{Key: "buildInfo", Value: 1}}).Decode(&info); err != nil {
		return mongoBuildInfo{}, fmt.Errorf("mongo: buildInfo: %w", err)
	}
	return info, nil
}
