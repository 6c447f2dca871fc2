package truce

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"
)

// Role is what a token may do. Roles are ordered only by convention; each
// endpoint names the roles it admits (see package http).
type Role string

// Roles.
const (
	RoleAdmin   Role = "admin"   // everything: tokens, agreements, webhooks
	RoleAnalyst Role = "analyst" // read everything, adjudicate, check claims
	RoleMonitor Role = "monitor" // submit reports and evidence, read their own
	RoleViewer  Role = "viewer"  // read the public record
)

// Roles lists the roles, most powerful first.
var Roles = []Role{RoleAdmin, RoleAnalyst, RoleMonitor, RoleViewer}

// ParseRole returns the role named s, or EINVALID.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", Errorf(EINVALID, "unknown role %q: use admin, analyst, monitor or viewer", s)
}

// Token is an API credential. Only the SHA-256 hash of its secret is
// stored: the secret is shown once, when the token is created.
type Token struct {
	ID        int64
	Name      string // unique, e.g. "guarantor-ru-team-3"
	Role      Role
	Hash      string // hex SHA-256 of the secret
	CreatedAt time.Time
	CreatedBy string    // the actor that created it
	ExpiresAt time.Time // zero: never
	RevokedAt time.Time // zero: not revoked
}

// Valid reports whether t admits requests at now.
func (t *Token) Valid(now time.Time) bool {
	if !t.RevokedAt.IsZero() && !now.Before(t.RevokedAt) {
		return false
	}
	return t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt)
}

// TokenPrefix starts every token secret, so leaked secrets are easy to find
// with secret scanners.
const TokenPrefix = "truce_"

// NewTokenSecret returns a fresh random secret and its hash.
func NewTokenSecret() (secret, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand since Go 1.24)
	secret = TokenPrefix + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
	return secret, HashTokenSecret(secret)
}

// HashTokenSecret returns the hash stored for a secret.
func HashTokenSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// TokenService stores tokens.
type TokenService interface {
	// CreateToken stores t and sets its ID; ECONFLICT if its name is taken.
	CreateToken(ctx context.Context, t *Token) error
	// FindTokenByHash returns the token with the given secret hash, revoked
	// or expired ones too (the caller checks Valid); ENOTFOUND if none.
	FindTokenByHash(ctx context.Context, hash string) (*Token, error)
	// Tokens lists every token, by ID.
	Tokens(ctx context.Context) ([]Token, error)
	// RevokeToken marks the token named name (or whose decimal ID is name)
	// revoked at at and returns it; ENOTFOUND if none, ECONFLICT if it is
	// revoked already.
	RevokeToken(ctx context.Context, name string, at time.Time) (*Token, error)
}
