//regstack:feature backend=mongo

package auth

import (
	"context"
	"errors"

	"go.mongodb.org/mongo-driver/v2/mongo"
)

// WithMongoDatabase makes the store use the host's MongoDB database; the
// store never disconnects its client.
func WithMongoDatabase(db *mongo.Database) Option { return func(o *options) { o.backend.mongoDB = db } }

// openMongoStore is a placeholder being replaced by the real store.
func openMongoStore(ctx context.Context, cfg *Config, o *options) (Store, error) {
	return nil, errors.New("mongo: not implemented yet")
}
