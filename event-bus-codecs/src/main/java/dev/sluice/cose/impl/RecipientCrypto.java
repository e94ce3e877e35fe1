package dev.sluice.cose.impl;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseException;
import dev.sluice.cose.CoseException.Reason;
import dev.sluice.cose.CoseHeaders;
import dev.sluice.cose.CoseKey;
import dev.sluice.cose.CoseRecipient;
import dev.sluice.cose.HeaderLabels;
import dev.sluice.cose.KdfInfo;
import dev.sluice.cose.RecipientContext;
import dev.sluice.cose.RecipientSpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recipient processing (RFC 9052 section 8.5, RFC 9053 sections 6 and 5): recovers the key a
 * recipient protects for the layer above (receiving), or protects one (sending), for direct,
 * direct+HKDF, AES key wrap, ECDH-ES/SS with HKDF or key wrap, and RSA-OAEP, including layered
 * recipients.
 */
public final class RecipientCrypto {
  private RecipientCrypto() {}

  /** A recipient ready to send, and the key it carries or fixes. */
  public record Sent(CoseRecipient recipient, byte[] key) {}

  /** The recipients for a layer and the key they protect. */
  public record Protected(List<CoseRecipient> recipients, byte[] key) {}

  // ------------------------------------------------------------------ receiving

  /**
   * Tries the recipients that may be meant for {@code ctx.key()} (by key id) and returns the first
   * key recovered for which {@code check} succeeds.
   */
  public static byte[] openAny(List<CoseRecipient> recipients, RecipientContext ctx, CoseAlgorithm target,
      int targetBits, KeyCheck check) throws CoseException {
    // The key id is a hint (RFC 9052 section 3.1): recipients naming our key first, then the rest.
    List<CoseRecipient> order = new ArrayList<>();
    for (CoseRecipient r : recipients) {
      if (namesKey(r, ctx.key())) {
        order.add(r);
      }
    }
    for (CoseRecipient r : recipients) {
      if (!order.contains(r)) {
        order.add(r);
      }
    }
    CoseException first = null;
    for (CoseRecipient r : order) {
      try {
        byte[] key = open(r, ctx, target, targetBits);
        check.accept(key);
        return key;
      } catch (CoseException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }

  /** A check of a recovered key (the content decrypts, the MAC verifies). */
  public interface KeyCheck {
    void accept(byte[] key) throws CoseException;
  }

  private static boolean namesKey(CoseRecipient r, CoseKey key) {
    byte[] want = key.kid();
    CborValue have = r.headers().get(HeaderLabels.KID);
    return want != null && have instanceof CborBytes b && Arrays.equals(b.bytes(), want);
  }

  /** The key this recipient protects for {@code target} ({@code targetBits} long). */
  public static byte[] open(CoseRecipient r, RecipientContext ctx, CoseAlgorithm target, int targetBits)
      throws CoseException {
    CoseAlgorithm alg = r.headers().algorithm();
    if (alg.family() != CoseAlgorithm.Family.KEY_DISTRIBUTION) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a recipient algorithm");
    }
    CoseKey key = ctx.key();
    byte[] ct = r.ciphertext();
    switch (alg) {
      case DIRECT: {
        if (ct.length != 0) {
          throw new CoseException(Reason.MALFORMED, "a direct recipient carries no key");
        }
        byte[] k = secret(key, alg);
        checkSize(k, targetBits, target);
        return k;
      }
      case DIRECT_HKDF_SHA_256: case DIRECT_HKDF_SHA_512: case DIRECT_HKDF_AES_128: case DIRECT_HKDF_AES_256:
        return directHkdf(alg, secret(key, alg), r.headers(), ctx.kdfInfo(), target, targetBits);
      case A128KW: case A192KW: case A256KW: {
        byte[] kek = r.recipients().isEmpty() ? secret(key, alg)
            : openAny(r.recipients(), ctx, alg, alg.keyBits(), k -> { });
        checkSize(kek, alg.keyBits(), alg);
        return KeyWrap.unwrap(kek, ct);
      }
      case RSAES_OAEP_SHA_1: case RSAES_OAEP_SHA_256: case RSAES_OAEP_SHA_512:
        if (key.type() != CoseKey.Type.RSA) {
          throw new CoseException(Reason.WRONG_KEY, alg + " needs an RSA private key, got " + key);
        }
        return RsaOaep.decrypt(alg, key, ct);
      default:
        return openEcdh(alg, r, ctx, target, targetBits);
    }
  }

  private static byte[] openEcdh(CoseAlgorithm alg, CoseRecipient r, RecipientContext ctx, CoseAlgorithm target,
      int targetBits) throws CoseException {
    CoseKey own = ctx.key();
    if (own.curve() == null || own.curve().isEdwards() || !own.hasPrivate()) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs an EC2 or X25519/X448 private key, got " + own);
    }
    CoseKey peer = alg.isStaticStatic() ? senderKey(r.headers(), ctx) : keyHeader(r.headers(), HeaderLabels.EPHEMERAL_KEY, "ephemeral key");
    byte[] secret = Ecdh.agree(own, peer);
    return fromSecret(alg, secret, r.headers(), ctx.kdfInfo(), target, targetBits, r.ciphertext(), null);
  }

  private static CoseKey senderKey(CoseHeaders h, RecipientContext ctx) throws CoseException {
    if (h.get(HeaderLabels.STATIC_KEY) != null) {
      return keyHeader(h, HeaderLabels.STATIC_KEY, "static key");
    }
    byte[] kid = h.bytes(HeaderLabels.STATIC_KEY_ID, "static key id");
    for (CoseKey k : ctx.senderKeys()) {
      if (kid == null || Arrays.equals(kid, k.kid())) {
        return k;
      }
    }
    throw new CoseException(Reason.NO_MATCHING_RECIPIENT, "no known sender key " + printable(kid));
  }

  private static CoseKey keyHeader(CoseHeaders h, long label, String name) throws CoseException {
    CborValue v = h.get(label);
    if (!(v instanceof CborMap m)) {
      throw new CoseException(Reason.MALFORMED, "the " + name + " header (" + label + ") must be a COSE_Key map");
    }
    return CoseKey.fromCbor(m);
  }

  /**
   * From an ECDH secret: the derived key (direct) or the unwrapped one (key wrap); when
   * {@code cekToWrap} is given (sending), returns the wrapped CEK instead.
   */
  private static byte[] fromSecret(CoseAlgorithm alg, byte[] secret, CoseHeaders h, KdfInfo info,
      CoseAlgorithm target, int targetBits, byte[] wrapped, byte[] cekToWrap) throws CoseException {
    byte[] salt = h.bytes(HeaderLabels.SALT, "salt");
    if (alg.keyBits() > 0) {
      CoseAlgorithm kw = alg.keyBits() == 128 ? CoseAlgorithm.A128KW : alg.keyBits() == 192 ? CoseAlgorithm.A192KW
          : CoseAlgorithm.A256KW;
      byte[] kek = Hkdf.sha(false, secret, salt, KdfContext.build(kw.id(), kw.keyBits(), h, info), kw.keyBits() / 8);
      return cekToWrap != null ? KeyWrap.wrap(kek, cekToWrap) : KeyWrap.unwrap(kek, wrapped);
    }
    if (wrapped != null && wrapped.length != 0) {
      throw new CoseException(Reason.MALFORMED, "a direct ECDH recipient carries no key");
    }
    boolean sha512 = alg == CoseAlgorithm.ECDH_ES_HKDF_512 || alg == CoseAlgorithm.ECDH_SS_HKDF_512;
    requireBits(targetBits, target);
    return Hkdf.sha(sha512, secret, salt, KdfContext.build(target.id(), targetBits, h, info), targetBits / 8);
  }

  private static byte[] directHkdf(CoseAlgorithm alg, byte[] secret, CoseHeaders h, KdfInfo info,
      CoseAlgorithm target, int targetBits) throws CoseException {
    requireBits(targetBits, target);
    byte[] context = KdfContext.build(target.id(), targetBits, h, info);
    switch (alg) {
      case DIRECT_HKDF_AES_128: case DIRECT_HKDF_AES_256: {
        int need = alg == CoseAlgorithm.DIRECT_HKDF_AES_128 ? 16 : 32;
        if (secret.length != need) {
          throw new CoseException(Reason.WRONG_KEY, alg + " needs a " + need * 8 + "-bit key, got " + secret.length * 8);
        }
        try {
          return Hkdf.aes(secret, context, targetBits / 8);
        } catch (GeneralSecurityException e) {
          throw new CoseException(Reason.WRONG_KEY, alg + " failed: " + e.getMessage(), e);
        }
      }
      default:
        return Hkdf.sha(alg == CoseAlgorithm.DIRECT_HKDF_SHA_512, secret, h.bytes(HeaderLabels.SALT, "salt"), context,
            targetBits / 8);
    }
  }

  // ------------------------------------------------------------------ sending

  /**
   * Builds the recipients of a layer and the key they protect: the one a direct-mode recipient
   * fixes, else {@code key} when given, else a fresh random key of {@code targetBits}.
   */
  public static Protected protect(List<RecipientSpec> specs, CoseAlgorithm target, int targetBits, byte[] key,
      SecureRandom random) throws CoseException {
    if (specs.isEmpty()) {
      throw new CoseException(Reason.MALFORMED, "at least one recipient is needed");
    }
    List<RecipientSpec> direct = new ArrayList<>();
    for (RecipientSpec s : specs) {
      if (isDirectMode(s.headers().algorithm())) {
        direct.add(s);
      }
    }
    if (!direct.isEmpty() && specs.size() > 1) {
      throw new CoseException(Reason.MALFORMED, "a direct-mode recipient must be the only recipient");
    }
    if (!direct.isEmpty()) {
      Sent s = send(direct.get(0), target, targetBits, null, random);
      return new Protected(List.of(s.recipient()), s.key());
    }
    byte[] k = key;
    if (k == null) {
      requireBits(targetBits, target);
      k = new byte[targetBits / 8];
      random.nextBytes(k);
    }
    List<CoseRecipient> out = new ArrayList<>();
    for (RecipientSpec s : specs) {
      out.add(send(s, target, targetBits, k, random).recipient());
    }
    return new Protected(out, k);
  }

  /** True for the modes where the recipient fixes the key instead of carrying it. */
  public static boolean isDirectMode(CoseAlgorithm alg) {
    return alg == CoseAlgorithm.DIRECT || alg == CoseAlgorithm.DIRECT_HKDF_SHA_256 || alg == CoseAlgorithm.DIRECT_HKDF_SHA_512
        || alg == CoseAlgorithm.DIRECT_HKDF_AES_128 || alg == CoseAlgorithm.DIRECT_HKDF_AES_256
        || (alg.isEcdh() && alg.keyBits() == 0);
  }

  private static Sent send(RecipientSpec spec, CoseAlgorithm target, int targetBits, byte[] key, SecureRandom random)
      throws CoseException {
    CoseAlgorithm alg = spec.headers().algorithm();
    if (alg.family() != CoseAlgorithm.Family.KEY_DISTRIBUTION) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, alg + " is not a recipient algorithm");
    }
    CoseHeaders h = spec.headers();
    switch (alg) {
      case DIRECT: {
        byte[] k = secret(spec.key(), alg);
        checkSize(k, targetBits, target);
        return new Sent(new CoseRecipient(h, new byte[0], List.of()), k);
      }
      case DIRECT_HKDF_SHA_256: case DIRECT_HKDF_SHA_512: case DIRECT_HKDF_AES_128: case DIRECT_HKDF_AES_256: {
        byte[] k = directHkdf(alg, secret(spec.key(), alg), h, spec.kdfInfo(), target, targetBits);
        return new Sent(new CoseRecipient(h, new byte[0], List.of()), k);
      }
      case A128KW: case A192KW: case A256KW: {
        List<CoseRecipient> nested = List.of();
        byte[] kek;
        if (spec.recipients().isEmpty()) {
          kek = secret(spec.key(), alg);
        } else {
          Protected p = protect(spec.recipients(), alg, alg.keyBits(), null, random);
          nested = p.recipients();
          kek = p.key();
        }
        checkSize(kek, alg.keyBits(), alg);
        return new Sent(new CoseRecipient(h, KeyWrap.wrap(kek, key), nested), key);
      }
      case RSAES_OAEP_SHA_1: case RSAES_OAEP_SHA_256: case RSAES_OAEP_SHA_512:
        if (spec.key().type() != CoseKey.Type.RSA) {
          throw new CoseException(Reason.WRONG_KEY, alg + " needs an RSA public key, got " + spec.key());
        }
        return new Sent(new CoseRecipient(h, RsaOaep.encrypt(alg, spec.key(), key, random), List.of()), key);
      default:
        return sendEcdh(alg, spec, target, targetBits, key, random);
    }
  }

  private static Sent sendEcdh(CoseAlgorithm alg, RecipientSpec spec, CoseAlgorithm target, int targetBits, byte[] key,
      SecureRandom random) throws CoseException {
    CoseKey peer = spec.key();
    if (peer == null || peer.curve() == null || peer.curve().isEdwards()) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs the recipient's EC2 or X25519/X448 public key");
    }
    CoseHeaders h = spec.headers();
    CoseKey own;
    CoseHeaders.Builder b = CoseHeaders.builder();
    if (alg.isStaticStatic()) {
      own = spec.senderKey();
      if (own == null) {
        throw new CoseException(Reason.WRONG_KEY, alg + " needs the sender's static private key");
      }
      if (h.get(HeaderLabels.STATIC_KEY) == null && h.get(HeaderLabels.STATIC_KEY_ID) == null) {
        b.unprotect(HeaderLabels.STATIC_KEY, publicMap(own));
      }
    } else {
      own = spec.ephemeralKey() != null ? spec.ephemeralKey() : Ecdh.ephemeral(peer.curve(), random);
      if (h.get(HeaderLabels.EPHEMERAL_KEY) == null) {
        b.unprotect(HeaderLabels.EPHEMERAL_KEY, publicMap(own));
      }
    }
    for (CborMap.Entry e : h.protectedMap().entries()) {
      b.protect(e.key(), e.value());
    }
    for (CborMap.Entry e : h.unprotectedMap().entries()) {
      b.unprotect(e.key(), e.value());
    }
    b.rawProtected(h.protectedBytes());
    CoseHeaders sent = b.build();
    byte[] secret = Ecdh.agree(own, peer);
    if (alg.keyBits() > 0) {
      byte[] wrapped = fromSecret(alg, secret, sent, spec.kdfInfo(), target, targetBits, null, key);
      return new Sent(new CoseRecipient(sent, wrapped, List.of()), key);
    }
    byte[] derived = fromSecret(alg, secret, sent, spec.kdfInfo(), target, targetBits, new byte[0], null);
    return new Sent(new CoseRecipient(sent, new byte[0], List.of()), derived);
  }

  private static CborMap publicMap(CoseKey k) throws CoseException {
    CborMap full = k.publicOnly().withKid(null).toCbor();
    return full;
  }

  // ------------------------------------------------------------------ helpers

  private static byte[] secret(CoseKey key, CoseAlgorithm alg) throws CoseException {
    if (key == null || key.type() != CoseKey.Type.SYMMETRIC) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs a symmetric key, got " + (key == null ? "none" : key));
    }
    if (key.algorithm() != null && key.algorithm() != alg) {
      throw new CoseException(Reason.WRONG_KEY, "the key is for " + key.algorithm() + ", the recipient uses " + alg);
    }
    return key.secret();
  }

  private static void checkSize(byte[] k, int bits, CoseAlgorithm alg) throws CoseException {
    if (bits > 0 && k.length * 8 != bits) {
      throw new CoseException(Reason.WRONG_KEY, alg + " needs a " + bits + "-bit key, got " + k.length * 8);
    }
  }

  private static void requireBits(int bits, CoseAlgorithm target) throws CoseException {
    if (bits <= 0) {
      throw new CoseException(Reason.UNSUPPORTED_ALGORITHM, "no key length known for " + target);
    }
  }

  static String printable(byte[] kid) {
    if (kid == null) {
      return "(none)";
    }
    for (byte b : kid) {
      if (b < 0x20 || b > 0x7e) {
        return "h'" + java.util.HexFormat.of().formatHex(kid) + "'";
      }
    }
    return "\"" + new String(kid, java.nio.charset.StandardCharsets.US_ASCII) + "\"";
  }
}
