package dev.sluice.cose;

/**
 * Key-derivation inputs that both parties know but the message does not carry (RFC 9053 section
 * 5.2, COSE_KDF_Context): party identities, nonces and other info, SuppPubInfo's "other" and
 * SuppPrivInfo. A value sent in the recipient's headers takes precedence over the one here. Immutable.
 */
public record KdfInfo(byte[] partyUIdentity, byte[] partyUNonce, byte[] partyUOther, byte[] partyVIdentity,
    byte[] partyVNonce, byte[] partyVOther, byte[] suppPubOther, byte[] suppPrivInfo) {

  /** Nothing known out of band. */
  public static final KdfInfo NONE = new KdfInfo(null, null, null, null, null, null, null, null);

  public KdfInfo withPartyU(byte[] identity, byte[] nonce, byte[] other) {
    return new KdfInfo(identity, nonce, other, partyVIdentity, partyVNonce, partyVOther, suppPubOther, suppPrivInfo);
  }

  public KdfInfo withPartyV(byte[] identity, byte[] nonce, byte[] other) {
    return new KdfInfo(partyUIdentity, partyUNonce, partyUOther, identity, nonce, other, suppPubOther, suppPrivInfo);
  }

  public KdfInfo withSuppPubOther(byte[] other) {
    return new KdfInfo(partyUIdentity, partyUNonce, partyUOther, partyVIdentity, partyVNonce, partyVOther, other, suppPrivInfo);
  }

  public KdfInfo withSuppPrivInfo(byte[] priv) {
    return new KdfInfo(partyUIdentity, partyUNonce, partyUOther, partyVIdentity, partyVNonce, partyVOther, suppPubOther, priv);
  }
}
