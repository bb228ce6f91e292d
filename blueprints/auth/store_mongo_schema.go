//regstack:feature backend=mongo

package auth

import (
	"context"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	mongoopts "go.mongodb.org/mongo-driver/v2/mongo/options"
)

// mongoIndex is one index the store needs, named as the Python library
// names it, so a database either library set up is current for both.
type mongoIndex struct {
	coll   *mongo.Collection
	name   string
	keys   bson.D
	unique bool
	// ttl makes the server delete a document once the time in its (only)
	// key field has passed (expireAfterSeconds 0).
	ttl bool
}

// String names the index as collection.index.
func (ix mongoIndex) String() string { return ix.coll.Name() + "." + ix.name }

// model is the index as createIndexes takes it.
func (ix mongoIndex) model() mongo.IndexModel {
	opts := mongoopts.Index().SetName(ix.name)
	if ix.unique {
		opts.SetUnique(true)
	}
	if ix.ttl {
		opts.SetExpireAfterSeconds(0)
	}
	return mongo.IndexModel{Keys: ix.keys, Options: opts}
}

// Error codes of the MongoDB server the schema code handles.
const (
	mongoNamespaceNotFound = 26
	mongoNotImplemented    = 238
)

// indexes lists the store's indexes: the unique ones settle races (one
// account per address, one pending registration per address and token, one
// revocation per token id); the rest serve the lookups. The Python
// library's login_attempts TTL index (when_ttl) is left out: its lifetime
// is the configured lockout window, which an index would freeze at
// creation, so Reap deletes old failures instead.
func (s *mongoStore) indexes() []mongoIndex {
	asc := func(fields ...string) bson.D {
		d := make(bson.D, len(fields))
		for i, f := range fields {
			d[i] = bson.E{Key: f, Value: 1}
		}
		return d
	}
	ixs := []mongoIndex{
		{coll: s.users, name: "email_unique", keys: asc("email"), unique: true},
		{coll: s.pending, name: "pending_email_unique", keys: asc("email"), unique: true},
		{coll: s.pending, name: "pending_token_unique", keys: asc("token_hash"), unique: true},
		{coll: s.pending, name: "pending_ttl", keys: asc("expires_at"), ttl: true},
		{coll: s.blacklist, name: "jti_unique", keys: asc("jti"), unique: true},
		{coll: s.blacklist, name: "exp_ttl", keys: asc("exp"), ttl: true},
		{coll: s.loginAttempts, name: "email_when", keys: asc("email", "when")},
		{coll: s.mfaCodes, name: "user_kind_unique", keys: asc("user_id", "kind"), unique: true},
		{coll: s.mfaCodes, name: "mfa_ttl", keys: asc("expires_at"), ttl: true},
		{coll: s.oauthIdentities, name: "provider_subject_unique", keys: asc("provider", "subject_id"), unique: true},
		{coll: s.oauthIdentities, name: "user_provider_unique", keys: asc("user_id", "provider"), unique: true},
		{coll: s.oauthStates, name: "oauth_state_ttl", keys: asc("expires_at"), ttl: true},
		// The email outbox (store_mongo_outbox.go): due messages by time,
		// and one lease per message.
		{coll: s.emailOutbox(), name: "email_outbox_due", keys: asc("dead_at", "available_at")},
		{coll: s.emailLeases(), name: "email_outbox_lease_msg", keys: asc("msg"), unique: true},
	}

	//regstack:if totp

	// Authenticator apps (store_mongo_totp.go): one accepted step and one
	// recovery code per user and value.
	ixs = append(ixs,
		mongoIndex{coll: s.totpSteps(), name: "totp_step_unique", keys: asc("user_id", "step"), unique: true},
		mongoIndex{coll: s.totpSteps(), name: "totp_step_ttl", keys: asc("expires_at"), ttl: true},
		mongoIndex{coll: s.recoveryCodes(), name: "recovery_code_unique", keys: asc("user_id", "code_hash"), unique: true},
	)

	//regstack:end

	return ixs
}

// InstallSchema creates the indexes that are missing (collections appear
// with their first index) and reports one line per index created.
// Creating an index another process has just created is a no-op on the
// server, so concurrent calls are safe.
//
// A server without TTL indexes (FerretDB) refuses them with NotImplemented;
// that is logged as a warning and skipped, because every read filters
// expired documents itself and Reap deletes them.
func (s *mongoStore) InstallSchema(ctx context.Context) ([]string, error) {
	missing, err := s.missingIndexes(ctx)
	if err != nil {
		return nil, err
	}
	var applied, noTTL []string
	for _, ix := range missing {
		_, err := ix.coll.Indexes().CreateOne(ctx, ix.model())
		if ix.ttl && mongoHasCode(err, mongoNotImplemented) {
			noTTL = append(noTTL, ix.String())
			continue
		}
		if err != nil {
			return applied, fmt.Errorf("mongo: create index %s: %w", ix, err)
		}
		applied = append(applied, "created index "+ix.String())
	}
	if len(noTTL) > 0 {
		s.logger.WarnContext(ctx, "mongo: the server cannot create TTL indexes; expired documents stay until Reap deletes them (reads ignore them either way)",
			"indexes", noTTL)
	}
	return applied, nil
}

// PendingSchema lists the indexes InstallSchema would create. On a server
// that cannot create TTL indexes (FerretDB) their absence is expected and
// not listed, or the schema would never be current there.
func (s *mongoStore) PendingSchema(ctx context.Context) ([]string, error) {
	missing, err := s.missingIndexes(ctx)
	if err != nil {
		return nil, err
	}
	var pending []string
	var ttlChecked, ttlSupported bool
	for _, ix := range missing {
		if ix.ttl && !ttlChecked {
			info, err := s.buildInfo(ctx)
			if err != nil {
				return nil, err
			}
			ttlChecked, ttlSupported = true, info.FerretDBVersion == ""
		}
		if ix.ttl && !ttlSupported {
			continue
		}
		pending = append(pending, "index "+ix.String())
	}
	return pending, nil
}

// missingIndexes returns the indexes whose names the server does not list.
// An index is matched by name only, as the Python library creates them; a
// host that changed one by hand keeps its change.
func (s *mongoStore) missingIndexes(ctx context.Context) ([]mongoIndex, error) {
	existing := map[string]map[string]bool{} // collection → index names
	var missing []mongoIndex
	for _, ix := range s.indexes() {
		names, ok := existing[ix.coll.Name()]
		if !ok {
			var err error
			if names, err = mongoIndexNames(ctx, ix.coll); err != nil {
				return nil, err
			}
			existing[ix.coll.Name()] = names
		}
		if !names[ix.name] {
			missing = append(missing, ix)
		}
	}
	return missing, nil
}

// mongoIndexNames returns the names of coll's indexes; a collection that
// does not exist yet has none.
func mongoIndexNames(ctx context.Context, coll *mongo.Collection) (map[string]bool, error) {
	specs, err := coll.Indexes().ListSpecifications(ctx)
	if mongoHasCode(err, mongoNamespaceNotFound) {
		return map[string]bool{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("mongo: list indexes of %s: %w", coll.Name(), err)
	}
	names := make(map[string]bool, len(specs))
	for _, spec := range specs {
		names[spec.Name] = true
	}
	return names, nil
}

// mongoHasCode reports whether err is a server error with this code.
func mongoHasCode(err error, code int) bool {
	var se mongo.ServerError
	return errors.As(err, &se) && se.HasErrorCode(code)
}
