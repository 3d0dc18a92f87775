package store

import "context"

// Ping checks that the database answers; /healthz uses it.
func (s *Store) Ping(ctx context.Context) error {
	return s.reader.PingContext(ctx)
}
