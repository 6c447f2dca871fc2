// Package truce holds Truce's domain: agreements and their zones, reports and
// the incidents they describe, zone memberships, and the interfaces the rest of
// the system implements. It depends on no storage, transport or file format;
// every other package talks to the others in these types.
package truce

import (
	"errors"
	"fmt"
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
