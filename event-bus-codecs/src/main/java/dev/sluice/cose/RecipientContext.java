package dev.sluice.cose;

import java.util.List;

/**
 * What a receiver brings to open a COSE_Encrypt or COSE_Mac: its own key (secret, or private for
 * ECDH and RSA), the static keys of senders it knows (for ECDH-SS when the message names the
 * sender by key id only), and the key-derivation inputs agreed out of band. Immutable.
 */
public final class RecipientContext {
  /** The receiver's key. */
  private final CoseKey key;
  /** Known static sender keys (public), matched by key id. */
  private final List<CoseKey> senderKeys;
  /** Out-of-band key-derivation inputs. */
  private final KdfInfo kdfInfo;

  private RecipientContext(CoseKey key, List<CoseKey> senderKeys, KdfInfo kdfInfo) {
    this.key = key;
    this.senderKeys = List.copyOf(senderKeys);
    this.kdfInfo = kdfInfo;
  }

  /** A context with just the receiver's key. */
  public static RecipientContext of(CoseKey key) {
    return new RecipientContext(key, List.of(), KdfInfo.NONE);
  }

  public RecipientContext withSenderKey(CoseKey sender) {
    List<CoseKey> all = new java.util.ArrayList<>(senderKeys);
    all.add(sender);
    return new RecipientContext(key, all, kdfInfo);
  }

  public RecipientContext withKdfInfo(KdfInfo info) {
    return new RecipientContext(key, senderKeys, info);
  }

  public CoseKey key() {
    return key;
  }

  public List<CoseKey> senderKeys() {
    return senderKeys;
  }

  public KdfInfo kdfInfo() {
    return kdfInfo;
  }
}
