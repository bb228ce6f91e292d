//regstack:feature backend=postgres

package auth

import (
	"context"
	"encoding/binary"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/regstack/regstack-gen/blueprints/auth/internal/pgdb"
)

// postgresFastDB runs the sqlc queries on db and answers their QueryRow
// with postgresRow, which decodes the column types the queries use
// (text, bool and timestamptz in pgx's binary format) straight from the
// wire bytes. pgx's own Scan plans every column afresh for every row — a
// dozen allocations and type switches for the session check's 14 columns,
// on every authenticated request (docs/performance.md). The values are
// exactly pgx's; a row with any other type, format or codec is handed to
// pgx's Scan unchanged.
type postgresFastDB struct{ pgdb.DBTX }

// QueryRow implements pgdb.DBTX.
func (db postgresFastDB) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	rows, err := db.DBTX.Query(ctx, sql, args...)
	return &postgresRow{rows: rows, err: err}
}

// postgresRow is pgx's QueryRow answer with postgresScan as its Scan.
type postgresRow struct {
	rows pgx.Rows
	err  error
}

// Scan reads the first row into dest as pgx's Row.Scan does: ErrNoRows
// when there is none, and the query's error otherwise.
func (r *postgresRow) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	rows := r.rows
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return pgx.ErrNoRows
	}
	if !postgresScan(rows, dest) {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
	}
	rows.Close()
	return rows.Err()
}

// postgresMaxColumns bounds the rows postgresScan decodes, so its
// per-column notes stay on the stack; the widest query has 14.
const postgresMaxColumns = 32

// Column kinds postgresScan decodes.
const (
	pgColString = iota + 1
	pgColStringPtr
	pgColBool
	pgColTime
	pgColTimePtr
)

// postgresScan decodes the current row into dest when every column is one
// it decodes as pgx would, and reports whether it did; it writes nothing
// otherwise. The strings share one allocation, and so do the values behind
// the nullable columns' pointers of each type.
func postgresScan(rows pgx.Rows, dest []any) bool {
	fds, raw := rows.FieldDescriptions(), rows.RawValues()
	if len(dest) > postgresMaxColumns || len(fds) != len(dest) || len(raw) != len(dest) {
		return false
	}
	var kinds [postgresMaxColumns]uint8
	textLen, nStr, nTime := 0, 0, 0
	var bools, times bool
	for i, fd := range fds {
		text := fd.DataTypeOID == pgtype.TextOID || fd.DataTypeOID == pgtype.VarcharOID
		binaryTime := fd.DataTypeOID == pgtype.TimestamptzOID && fd.Format == pgtype.BinaryFormatCode
		switch dest[i].(type) {
		case *string:
			if !text || raw[i] == nil {
				return false // pgx's error for NULL
			}
			kinds[i], textLen = pgColString, textLen+len(raw[i])
		case **string:
			if !text {
				return false
			}
			kinds[i] = pgColStringPtr
			if raw[i] != nil {
				textLen, nStr = textLen+len(raw[i]), nStr+1
			}
		case *bool:
			if fd.DataTypeOID != pgtype.BoolOID || fd.Format != pgtype.BinaryFormatCode || len(raw[i]) != 1 {
				return false
			}
			kinds[i], bools = pgColBool, true
		case *time.Time:
			if !binaryTime || !postgresFiniteTime(raw[i]) {
				return false // NULL and ±infinity: pgx's error
			}
			kinds[i], times = pgColTime, true
		case **time.Time:
			if !binaryTime || (raw[i] != nil && !postgresFiniteTime(raw[i])) {
				return false
			}
			kinds[i], times = pgColTimePtr, true
			if raw[i] != nil {
				nTime++
			}
		default:
			return false
		}
	}
	if !postgresDefaultCodecs(rows, bools, times) {
		return false
	}
	var sb strings.Builder
	sb.Grow(textLen)
	for i := range dest {
		if k := kinds[i]; k == pgColString || k == pgColStringPtr {
			sb.Write(raw[i])
		}
	}
	all := sb.String()
	var strs []string
	if nStr > 0 {
		strs = make([]string, nStr)
	}
	var tms []time.Time
	if nTime > 0 {
		tms = make([]time.Time, nTime)
	}
	for i, d := range dest {
		switch kinds[i] {
		case pgColString:
			*d.(*string), all = all[:len(raw[i])], all[len(raw[i]):]
		case pgColStringPtr:
			p := d.(**string)
			if raw[i] == nil {
				*p = nil
				continue
			}
			strs[0], all = all[:len(raw[i])], all[len(raw[i]):]
			*p, strs = &strs[0], strs[1:]
		case pgColBool:
			*d.(*bool) = raw[i][0] == 1
		case pgColTime:
			*d.(*time.Time) = postgresTime(raw[i])
		case pgColTimePtr:
			p := d.(**time.Time)
			if raw[i] == nil {
				*p = nil
				continue
			}
			tms[0] = postgresTime(raw[i])
			*p, tms = &tms[0], tms[1:]
		}
	}
	return true
}

// postgresFiniteTime reports whether b is a binary timestamptz other than
// 'infinity' and '-infinity', which pgx refuses to put in a time.Time.
func postgresFiniteTime(b []byte) bool {
	if len(b) != 8 {
		return false
	}
	us := int64(binary.BigEndian.Uint64(b))
	return us != math.MaxInt64 && us != math.MinInt64
}

// postgresTime is pgx's binary timestamptz decoding, the same arithmetic
// and time.Unix (so in the Local zone), of a value postgresFiniteTime
// accepted.
func postgresTime(b []byte) time.Time {
	const y2k = 946_684_800_000_000 // 2000-01-01 UTC in Unix microseconds
	us := int64(binary.BigEndian.Uint64(b))
	return time.Unix(y2k/1_000_000+us/1_000_000, (y2k%1_000_000*1_000)+(us%1_000_000*1_000))
}

// postgresDefaultCodecs reports whether the connection decodes bool and
// timestamptz with pgx's stock codecs, whose results postgresScan
// reproduces: a host pool (WithPgxPool) may register its own, for example
// a TimestamptzCodec with a ScanLocation.
func postgresDefaultCodecs(rows pgx.Rows, bools, times bool) bool {
	if !bools && !times {
		return true
	}
	conn := rows.Conn()
	if conn == nil {
		return false
	}
	m := conn.TypeMap()
	if bools {
		if t, ok := m.TypeForOID(pgtype.BoolOID); !ok || !isBoolCodec(t.Codec) {
			return false
		}
	}
	if times {
		t, ok := m.TypeForOID(pgtype.TimestamptzOID)
		if !ok {
			return false
		}
		c, ok := t.Codec.(*pgtype.TimestamptzCodec)
		if !ok || c.ScanLocation != nil {
			return false
		}
	}
	return true
}

func isBoolCodec(c pgtype.Codec) bool {
	_, ok := c.(pgtype.BoolCodec)
	return ok
}
