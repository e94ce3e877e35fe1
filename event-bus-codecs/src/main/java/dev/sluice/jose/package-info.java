/**
 * JOSE for Sluice on Nimbus JOSE+JWT: JWK and JWK sets (JSON and PEM), JWS sign and verify
 * (compact and JSON serializations), JWE, JWT validation, private_key_jwt client assertions, and
 * the JWK/PEM/COSE_Key conversions the signed-policy updates and the {@code crypto} command use
 * (see {@code docs/toolkit.md}).
 *
 * <p>Everything refuses bad input with one checked {@link dev.sluice.jose.JoseException} whose
 * {@link dev.sluice.jose.JoseException.Reason} names the rule broken. {@code alg: none} is never
 * accepted, and a key is only ever used with the algorithms of its own type, so an HMAC token
 * cannot be verified with an RSA or EC public key used as a secret (algorithm confusion).
 */
package dev.sluice.jose;
