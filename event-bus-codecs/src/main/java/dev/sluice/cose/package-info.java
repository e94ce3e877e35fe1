/**
 * COSE (RFC 9052, RFC 9053) on Sluice's CBOR layer and the JDK's cryptography (BouncyCastle only
 * for AES-CCM, HKDF and elliptic-curve point arithmetic): {@link dev.sluice.cose.CoseSign1},
 * {@link dev.sluice.cose.CoseSign}, {@link dev.sluice.cose.CoseMac0}, {@link dev.sluice.cose.CoseMac},
 * {@link dev.sluice.cose.CoseEncrypt0}, {@link dev.sluice.cose.CoseEncrypt} and
 * {@link dev.sluice.cose.CoseKey}.
 *
 * <p>Every message type decodes with {@code decode(bytes[, options])} (tag optional, but a wrong
 * tag is refused), then verifies or decrypts with a key; senders build messages with the static
 * {@code sign}, {@code create} or {@code encrypt} methods. Every refusal is one checked
 * {@link dev.sluice.cose.CoseException} with a {@link dev.sluice.cose.CoseException.Reason}.
 */
package dev.sluice.cose;
