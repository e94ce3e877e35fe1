/**
 * JOSE for Sluice on Nimbus JOSE+JWT: JWK and JWK sets (JSON and PEM), JWS sign and verify
 * (compact and JSON serializations), JWE, JWT validation, private_key_jwt client assertions, and
 * the {@link dev.sluice.jose.SignedPolicyVerifier} that checks a policy signed as a JWS or a
 * COSE_Sign1.
 *
 * <p>Everything refuses bad input with one checked {@link dev.sluice.jose.JoseException} whose
 * {@link dev.sluice.jose.JoseException.Reason} names the rule broken. {@code alg: none} is never
 * accepted, and a key is only ever used with the algorithms of its own type, so an HMAC token
 * cannot be verified with an RSA or EC public key used as a secret (algorithm confusion).
 */
package dev.sluice.jose;
