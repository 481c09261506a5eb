/**
 * Signed config envelopes shared by the hub (signs) and the spoke agent (verifies).
 *
 * <p>Data flow: the hub serializes a {@link io.egressfed.api.v1alpha1.ClusterConfig} once and hands
 * those bytes to an {@link io.egressfed.api.envelope.EnvelopeSigner}, which signs the DSSE
 * pre-authentication encoding ({@link io.egressfed.api.envelope.Pae}) of payload type and bytes with
 * an Ed25519 key ({@link io.egressfed.api.envelope.Ed25519KeyPair}) and wraps everything in a
 * {@link io.egressfed.api.v1alpha1.SignedEnvelope}. The agent hands the envelope to a
 * {@link io.egressfed.api.envelope.ConfigVerifier}, which checks the envelope's shape, the pinned key
 * and the signature before it parses a single payload byte, then binds the config to this cluster,
 * to a version not lower than the last applied one and to its validity window.
 *
 * <p>Keys are stored as PEM ({@link io.egressfed.api.envelope.Ed25519Pem}) and identified by
 * {@link io.egressfed.api.envelope.KeyId}, the SHA-256 of the raw public key. Only BouncyCastle's
 * lightweight API is used: no JCA provider is registered anywhere.
 */
package io.egressfed.api.envelope;
