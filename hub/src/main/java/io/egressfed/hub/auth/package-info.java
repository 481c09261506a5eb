/**
 * Access control of the admin API: bearer tokens ({@link io.egressfed.hub.auth.AdminTokens}, only
 * their SHA-256 stored, compared in constant time), their {@link io.egressfed.hub.auth.Role roles}
 * ({@code admin}: everything; {@code operator}: intents and failover; {@code viewer}: read only) and
 * the {@link io.egressfed.hub.auth.Caller} each call runs as, whose {@code token:<name>} is the
 * actor of every audit record the call writes.
 */
package io.egressfed.hub.auth;
