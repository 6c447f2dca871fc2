// Package truce holds Truce's domain: agreements and their zones, presence
// data and status rules; reports and the incidents they describe, zone
// memberships and judgements with their parts and traces; claims, tokens,
// webhooks, evidence and log entries; the user-facing errors (Error,
// FieldErrors) with their codes; and the interfaces the rest of the system
// implements, stores above all (one per concern, and Transactor, which lets
// a use case write several of them in one transaction). It depends on no
// storage, transport or file format; every other package talks to the
// others in these types.
package truce

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Error codes a user may see. They map to CLI exit codes and, later, to HTTP
// statuses in one table each.
const (
	EINVALID      = "invalid"      // the input is malformed or violates a rule
	ENOTFOUND     = "not_found"    // the named thing does not exist
	ECONFLICT     = "conflict"     // the write collides with what is stored
	EUNAUTHORIZED = "unauthorized" // no valid credentials were given
	EFORBIDDEN    = "forbidden"    // the credentials do not allow this
	ETOOLARGE     = "too_large"    // the input exceeds a size limit
	ERATELIMITED  = "rate_limited" // too many requests; retry later
	EINTERNAL     = "internal"     // a bug or an environment failure
	EREADONLY     = "read_only"    // this server is a read replica: write to the primary
)

// Error is an error meant for the user: Code classifies it, Message says what
// went wrong in words the user can act on (naming the file, line or field).
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("truce: %s", e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-facing message of err: the *Error's message,
// or a generic text for internal errors, which must not leak details.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// FieldErrors is an EINVALID error naming what is wrong with each field of
// a request body, so a form can show each message beside its field.
type FieldErrors struct {
	Fields map[string]string
}

func (e *FieldErrors) Error() string {
	keys := slices.Sorted(maps.Keys(e.Fields))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "truce: " + strings.Join(parts, "; ")
}

// Unwrap makes a FieldErrors an EINVALID *truce.Error for ErrorCode.
func (e *FieldErrors) Unwrap() error {
	return &Error{Code: EINVALID, Message: strings.TrimPrefix(e.Error(), "truce: ")}
}

// Add records msg for field, keeping the first message per field.
func (e *FieldErrors) Add(field, format string, args ...any) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns e, or nil when no field is wrong.
func (e *FieldErrors) Err() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}
