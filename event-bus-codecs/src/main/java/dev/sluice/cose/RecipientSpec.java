package dev.sluice.cose;

import java.util.List;

/**
 * A recipient to add when sending a COSE_Encrypt or COSE_Mac: its headers (with {@code alg}), the
 * recipient's key (secret for direct and key wrap, public for ECDH and RSA), and for ECDH the
 * sender's static key (-SS-) or a chosen ephemeral key (-ES-, generated when absent). Nested
 * recipients make a layered recipient (key wrap whose KEK comes from the inner layer). Immutable.
 */
public final class RecipientSpec {
  private final CoseHeaders headers;
  /** The recipient's key; null for a layer whose key comes from nested recipients. */
  private final CoseKey key;
  /** ECDH-SS: the sender's static private key; null otherwise. */
  private final CoseKey senderKey;
  /** ECDH-ES: the ephemeral private key to use; null to generate one. */
  private final CoseKey ephemeralKey;
  /** Out-of-band key-derivation inputs. */
  private final KdfInfo kdfInfo;
  /** Nested recipients that protect this layer's KEK. */
  private final List<RecipientSpec> recipients;

  private RecipientSpec(CoseHeaders headers, CoseKey key, CoseKey senderKey, CoseKey ephemeralKey, KdfInfo kdfInfo,
      List<RecipientSpec> recipients) {
    this.headers = headers;
    this.key = key;
    this.senderKey = senderKey;
    this.ephemeralKey = ephemeralKey;
    this.kdfInfo = kdfInfo;
    this.recipients = List.copyOf(recipients);
  }

  /** A recipient with these headers (which name the algorithm) and key. */
  public static RecipientSpec of(CoseHeaders headers, CoseKey key) {
    return new RecipientSpec(headers, key, null, null, KdfInfo.NONE, List.of());
  }

  /** A recipient of algorithm {@code alg} (protected), with the key's kid (unprotected) when it has one. */
  public static RecipientSpec of(CoseAlgorithm alg, CoseKey key) {
    CoseHeaders.Builder h = CoseHeaders.builder();
    if (alg == CoseAlgorithm.DIRECT || alg.wrapsKey() && !alg.isEcdh()) {
      // RFC 9052: direct and key-wrap recipients carry no protected headers
      h.unprotect(HeaderLabels.ALG, new dev.sluice.cbor.CborInt(alg.id()));
    } else {
      h.algorithm(alg);
    }
    if (key != null && key.kid() != null) {
      h.kid(key.kid());
    }
    return of(h.build(), key);
  }

  public RecipientSpec withSenderKey(CoseKey sender) {
    return new RecipientSpec(headers, key, sender, ephemeralKey, kdfInfo, recipients);
  }

  public RecipientSpec withEphemeralKey(CoseKey ephemeral) {
    return new RecipientSpec(headers, key, senderKey, ephemeral, kdfInfo, recipients);
  }

  public RecipientSpec withKdfInfo(KdfInfo info) {
    return new RecipientSpec(headers, key, senderKey, ephemeralKey, info, recipients);
  }

  public RecipientSpec withRecipients(List<RecipientSpec> nested) {
    return new RecipientSpec(headers, key, senderKey, ephemeralKey, kdfInfo, nested);
  }

  public CoseHeaders headers() {
    return headers;
  }

  public CoseKey key() {
    return key;
  }

  public CoseKey senderKey() {
    return senderKey;
  }

  public CoseKey ephemeralKey() {
    return ephemeralKey;
  }

  public KdfInfo kdfInfo() {
    return kdfInfo;
  }

  public List<RecipientSpec> recipients() {
    return recipients;
  }
}
