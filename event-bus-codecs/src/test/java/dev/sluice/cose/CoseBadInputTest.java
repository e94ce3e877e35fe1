package dev.sluice.cose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import dev.sluice.cose.CoseException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * COSE messages that must be refused: unknown critical headers, keys of the wrong type, tampered
 * payloads, tags and signatures, the wrong message type, truncated input. Each refusal is a
 * {@link CoseException} with the reason and a message that says what is wrong; nothing else escapes.
 */
class CoseBadInputTest {
  private static final byte[] PAYLOAD = "the policy bytes: sluice bad-input test".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NO_AAD = new byte[0];
  private static final SecureRandom RANDOM = new SecureRandom();

  private static CoseKey es256;
  private static CoseKey eddsa;
  private static CoseKey rsa;
  private static CoseKey hmac256;
  private static CoseKey aes128;

  @BeforeAll
  static void keys() throws CoseException {
    es256 = CoseKey.generate(CoseAlgorithm.ES256, RANDOM);
    eddsa = CoseKey.generate(CoseAlgorithm.EDDSA, RANDOM);
    rsa = CoseKey.generate(CoseAlgorithm.PS256, RANDOM);
    hmac256 = CoseKey.generate(CoseAlgorithm.HMAC_256, RANDOM);
    aes128 = CoseKey.generate(CoseAlgorithm.A128GCM, RANDOM);
  }

  /** The exception {@code action} throws; anything else fails the test. */
  static CoseException refusal(CoseAction action) {
    try {
      action.run();
    } catch (CoseException e) {
      return e;
    } catch (RuntimeException | Error e) {
      throw new AssertionError("expected a CoseException, got " + e, e);
    }
    throw new AssertionError("expected a CoseException, the message was accepted");
  }

  /** A COSE call that may refuse. */
  @FunctionalInterface
  interface CoseAction {
    void run() throws CoseException;
  }

  /** Protected headers naming {@code alg} and listing label 99 (set to "x") as critical. */
  private static CoseHeaders withCriticalLabel99(CoseAlgorithm alg) {
    return CoseHeaders.builder().algorithm(alg)
        .protect(HeaderLabels.CRIT, CborArray.of(new CborInt(99)))
        .protect(99, new CborText("x"))
        .build();
  }

  private static byte[] flip(byte[] in, int index) {
    byte[] out = in.clone();
    out[index] ^= 0x01;
    return out;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  // ---- critical headers

  @Test
  void anUnknownCriticalHeaderIsRefusedInEveryMessageType() throws Exception {
    byte[] sign1 = CoseSign1.sign(withCriticalLabel99(CoseAlgorithm.ES256), PAYLOAD, NO_AAD, es256).encode();
    byte[] mac0 = CoseMac0.create(withCriticalLabel99(CoseAlgorithm.HMAC_256), PAYLOAD, NO_AAD, hmac256).encode();
    byte[] enc0 = CoseEncrypt0.encrypt(withCriticalLabel99(CoseAlgorithm.A128GCM), PAYLOAD, NO_AAD, aes128, RANDOM).encode();
    byte[] sign = CoseSign.sign(CoseHeaders.EMPTY, PAYLOAD, NO_AAD,
        List.of(new SignerSpec(withCriticalLabel99(CoseAlgorithm.ES256), es256))).encode();

    CoseException e = refusal(() -> CoseSign1.decode(sign1));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_CRITICAL_HEADER);
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1: critical header 99 is not understood");
    assertThat(refusal(() -> CoseMac0.decode(mac0)).reason()).isEqualTo(Reason.UNKNOWN_CRITICAL_HEADER);
    assertThat(refusal(() -> CoseEncrypt0.decode(enc0)).reason()).isEqualTo(Reason.UNKNOWN_CRITICAL_HEADER);
    CoseException s = refusal(() -> CoseSign.decode(sign));
    assertThat(s.reason()).isEqualTo(Reason.UNKNOWN_CRITICAL_HEADER);
    assertThat(s.getMessage()).contains("critical header 99 is not understood");

    // an application that declares it understands label 99 gets the message, and it verifies
    CoseOptions understands99 = new CoseOptions().understand(99);
    CoseSign1.decode(sign1, understands99).verify(es256, NO_AAD);
    CoseMac0.decode(mac0, understands99).verify(hmac256, NO_AAD);
    assertThat(CoseEncrypt0.decode(enc0, understands99).decrypt(aes128, NO_AAD)).isEqualTo(PAYLOAD);
    CoseSign.decode(sign, understands99).verify(es256, NO_AAD);
  }

  @Test
  void aTextCriticalLabelIsRefusedUnlessUnderstood() throws Exception {
    CoseHeaders h = CoseHeaders.builder().algorithm(CoseAlgorithm.ES256)
        .protect(HeaderLabels.CRIT, CborArray.of(new CborText("reveal-after")))
        .protect(new CborText("reveal-after"), new CborInt(1_800_000_000L)).build();
    byte[] msg = CoseSign1.sign(h, PAYLOAD, NO_AAD, es256).encode();
    CoseException e = refusal(() -> CoseSign1.decode(msg));
    assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_CRITICAL_HEADER);
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1: critical header \"reveal-after\" is not understood");
    CoseSign1.decode(msg, new CoseOptions().understand("reveal-after")).verify(es256, NO_AAD);
  }

  @Test
  void malformedCritListsAreRefused() throws Exception {
    // crit in the unprotected bucket
    CoseHeaders unprotectedCrit = CoseHeaders.builder().algorithm(CoseAlgorithm.ES256)
        .unprotect(HeaderLabels.CRIT, CborArray.of(new CborInt(1))).build();
    CoseException e = refusal(() -> CoseSign1.decode(CoseSign1.sign(unprotectedCrit, PAYLOAD, NO_AAD, es256).encode()));
    assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1: crit must be a protected header");
    // crit naming a label that is not in the protected bucket
    CoseHeaders missing = CoseHeaders.builder().algorithm(CoseAlgorithm.ES256)
        .protect(HeaderLabels.CRIT, CborArray.of(new CborInt(99))).build();
    e = refusal(() -> CoseSign1.decode(CoseSign1.sign(missing, PAYLOAD, NO_AAD, es256).encode()));
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1: critical header 99 is not in the protected headers");
    // an empty crit array
    CoseHeaders empty = CoseHeaders.builder().algorithm(CoseAlgorithm.ES256)
        .protect(HeaderLabels.CRIT, CborArray.of()).build();
    e = refusal(() -> CoseSign1.decode(CoseSign1.sign(empty, PAYLOAD, NO_AAD, es256).encode()));
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1: crit must be a non-empty array of labels");
  }

  // ---- wrong key types

  @Test
  void aKeyOfTheWrongTypeIsRefusedNamingBoth() throws Exception {
    CoseSign1 signedEs256 = CoseSign1.decode(CoseSign1.sign(CoseAlgorithm.ES256, PAYLOAD, es256).encode());
    CoseException e = refusal(() -> signedEs256.verify(rsa.publicOnly(), NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.getMessage()).isEqualTo("ES256 needs an EC2 key, got RSA key");
    e = refusal(() -> signedEs256.verify(eddsa.publicOnly(), NO_AAD));
    assertThat(e.getMessage()).isEqualTo("ES256 needs an EC2 key, got OKP Ed25519 key");
    e = refusal(() -> signedEs256.verify(hmac256, NO_AAD));
    assertThat(e.getMessage()).isEqualTo("ES256 needs an EC2 key, got SYMMETRIC key");

    CoseSign1 signedEdDsa = CoseSign1.decode(CoseSign1.sign(CoseAlgorithm.EDDSA, PAYLOAD, eddsa).encode());
    e = refusal(() -> signedEdDsa.verify(es256.publicOnly(), NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.getMessage()).startsWith("EDDSA needs an OKP Ed25519 or Ed448 key, got EC2");

    // an EC key for an HMAC message, an EC key for AES-GCM
    CoseMac0 mac = CoseMac0.decode(CoseMac0.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(),
        PAYLOAD, NO_AAD, hmac256).encode());
    e = refusal(() -> mac.verify(es256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.getMessage()).startsWith("HMAC_256 needs a symmetric key, got");
    CoseEncrypt0 enc = CoseEncrypt0.decode(CoseEncrypt0.encrypt(CoseHeaders.builder().algorithm(CoseAlgorithm.A128GCM).build(),
        PAYLOAD, NO_AAD, aes128, RANDOM).encode());
    e = refusal(() -> enc.decrypt(es256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.getMessage()).startsWith("A128GCM needs a symmetric key, got");
    // a symmetric key of the wrong size
    e = refusal(() -> enc.decrypt(hmac256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.getMessage()).isEqualTo("A128GCM needs a 128-bit key, got 256");
  }

  @Test
  void aKeyRestrictedToAnotherAlgorithmIsRefused() throws Exception {
    CoseSign1 msg = CoseSign1.decode(CoseSign1.sign(CoseAlgorithm.ES256, PAYLOAD, es256).encode());
    CoseException e = refusal(() -> msg.verify(es256.withAlgorithm(CoseAlgorithm.ES384), NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_KEY);
    assertThat(e.getMessage()).isEqualTo("the key is for ES384, the message uses ES256");
  }

  @Test
  void anAlgorithmOfTheWrongFamilyOrUnknownIsRefused() throws Exception {
    // an HMAC algorithm in a COSE_Sign1 (signed by building the structure with a real signature alg is impossible,
    // so the header is swapped in after signing: decoding must still refuse it clearly)
    CoseHeaders macAlg = CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build();
    CoseException e = refusal(() -> CoseSign1.sign(macAlg, PAYLOAD, NO_AAD, es256));
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    assertThat(e.getMessage()).isEqualTo("HMAC_256 is not a signature algorithm");

    CoseHeaders unknown = CoseHeaders.builder().protect(HeaderLabels.ALG, new CborInt(-999)).build();
    byte[] msg = dev.sluice.cbor.CborWriter.plain().encode(new dev.sluice.cbor.CborTag(18, CborArray.of(
        CborValue.of(unknown.protectedBytes()), dev.sluice.cbor.CborMap.EMPTY, CborValue.of(PAYLOAD), CborValue.of(new byte[64]))));
    CoseSign1 decoded = CoseSign1.decode(msg);
    e = refusal(() -> decoded.verify(es256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    assertThat(e.getMessage()).isEqualTo("algorithm -999 is not supported");
  }

  // ---- tampering

  @Test
  void aTamperedPayloadIsRefusedForEveryMessageType() throws Exception {
    byte[] sign1 = CoseSign1.sign(CoseAlgorithm.ES256, PAYLOAD, es256).encode();
    byte[] sign1Ed = CoseSign1.sign(CoseAlgorithm.EDDSA, PAYLOAD, eddsa).encode();
    byte[] sign1Ps = CoseSign1.sign(CoseAlgorithm.PS256, PAYLOAD, rsa).encode();
    byte[] mac0 = CoseMac0.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(), PAYLOAD, NO_AAD, hmac256).encode();
    byte[] sign = CoseSign.sign(CoseHeaders.EMPTY, PAYLOAD, NO_AAD, List.of(SignerSpec.of(CoseAlgorithm.ES256, es256))).encode();
    byte[] mac = CoseMac.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(), PAYLOAD, NO_AAD,
        List.of(RecipientSpec.of(CoseAlgorithm.DIRECT, hmac256)), null, RANDOM).encode();

    int at = indexOf(sign1, PAYLOAD) + 5;
    CoseException e = refusal(() -> CoseSign1.decode(flip(sign1, at)).verify(es256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.VERIFICATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1 ES256 signature does not verify");
    e = refusal(() -> CoseSign1.decode(flip(sign1Ed, indexOf(sign1Ed, PAYLOAD))).verify(eddsa, NO_AAD));
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1 EDDSA signature does not verify");
    e = refusal(() -> CoseSign1.decode(flip(sign1Ps, indexOf(sign1Ps, PAYLOAD))).verify(rsa, NO_AAD));
    assertThat(e.getMessage()).isEqualTo("COSE_Sign1 PS256 signature does not verify");
    e = refusal(() -> CoseMac0.decode(flip(mac0, indexOf(mac0, PAYLOAD))).verify(hmac256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.VERIFICATION_FAILED);
    assertThat(e.getMessage()).isEqualTo("COSE_Mac0 HMAC_256 tag does not verify");
    e = refusal(() -> CoseSign.decode(flip(sign, indexOf(sign, PAYLOAD))).verify(es256, NO_AAD));
    assertThat(e.getMessage()).isEqualTo("COSE_Sign ES256 signature does not verify");
    e = refusal(() -> CoseMac.decode(flip(mac, indexOf(mac, PAYLOAD))).verify(hmac256, NO_AAD));
    assertThat(e.getMessage()).isEqualTo("COSE_Mac HMAC_256 tag does not verify");
  }

  @Test
  void tamperedSignaturesTagsAndCiphertextsAreRefused() throws Exception {
    CoseSign1 s1 = CoseSign1.sign(CoseAlgorithm.ES256, PAYLOAD, es256);
    byte[] sign1 = s1.encode();
    int sigAt = indexOf(sign1, s1.signature());
    CoseException e = refusal(() -> CoseSign1.decode(flip(sign1, sigAt + 10)).verify(es256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.VERIFICATION_FAILED);

    CoseMac0 m0 = CoseMac0.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(), PAYLOAD, NO_AAD, hmac256);
    byte[] mac0 = m0.encode();
    e = refusal(() -> CoseMac0.decode(flip(mac0, indexOf(mac0, m0.tag()) + 31)).verify(hmac256, NO_AAD));
    assertThat(e.reason()).isEqualTo(Reason.VERIFICATION_FAILED);

    for (CoseAlgorithm alg : List.of(CoseAlgorithm.A128GCM, CoseAlgorithm.AES_CCM_16_64_128, CoseAlgorithm.CHACHA20_POLY1305)) {
      CoseKey k = CoseKey.generate(alg, RANDOM);
      CoseEncrypt0 c = CoseEncrypt0.encrypt(CoseHeaders.builder().algorithm(alg).build(), PAYLOAD, NO_AAD, k, RANDOM);
      byte[] enc = c.encode();
      int ctAt = indexOf(enc, c.ciphertext());
      for (int i : new int[] {0, c.ciphertext().length - 1}) {
        e = refusal(() -> CoseEncrypt0.decode(flip(enc, ctAt + i)).decrypt(k, NO_AAD));
        assertThat(e.reason()).as(alg + " byte " + i).isEqualTo(Reason.VERIFICATION_FAILED);
        assertThat(e.getMessage()).isEqualTo("authentication tag does not verify (" + alg + ")");
      }
    }
  }

  @Test
  void aWrongExternalAadOrKeyIsRefused() throws Exception {
    byte[] aad = {1, 2, 3};
    CoseSign1 msg = CoseSign1.decode(CoseSign1.sign(CoseHeaders.builder().algorithm(CoseAlgorithm.ES256).build(),
        PAYLOAD, aad, es256).encode());
    msg.verify(es256, aad);
    assertThat(refusal(() -> msg.verify(es256, NO_AAD)).reason()).isEqualTo(Reason.VERIFICATION_FAILED);
    CoseKey other = CoseKey.generate(CoseAlgorithm.ES256, RANDOM);
    assertThat(refusal(() -> msg.verify(other, aad)).reason()).isEqualTo(Reason.VERIFICATION_FAILED);
  }

  @Test
  void aSignatureOfTheWrongLengthIsRefusedNotThrown() throws Exception {
    CoseHeaders h = CoseHeaders.builder().algorithm(CoseAlgorithm.ES256).build();
    for (int len : new int[] {0, 1, 63, 65, 1000}) {
      byte[] msg = dev.sluice.cbor.CborWriter.plain().encode(new dev.sluice.cbor.CborTag(18, CborArray.of(
          CborValue.of(h.protectedBytes()), dev.sluice.cbor.CborMap.EMPTY, CborValue.of(PAYLOAD), CborValue.of(new byte[len]))));
      CoseException e = refusal(() -> CoseSign1.decode(msg).verify(es256, NO_AAD));
      assertThat(e.reason()).as("length " + len).isEqualTo(Reason.VERIFICATION_FAILED);
    }
  }

  // ---- structure

  @Test
  void theWrongMessageTypeIsRefusedNamingBoth() throws Exception {
    byte[] sign1 = CoseSign1.sign(CoseAlgorithm.ES256, PAYLOAD, es256).encode();
    CoseException e = refusal(() -> CoseMac0.decode(sign1));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_MESSAGE_TYPE);
    assertThat(e.getMessage()).isEqualTo("expected COSE_Mac0 (tag 17), got tag 18 (COSE_Sign1)");
    e = refusal(() -> CoseEncrypt0.decode(sign1));
    assertThat(e.getMessage()).isEqualTo("expected COSE_Encrypt0 (tag 16), got tag 18 (COSE_Sign1)");
    e = refusal(() -> CoseSign.decode(sign1));
    assertThat(e.getMessage()).isEqualTo("expected COSE_Sign (tag 98), got tag 18 (COSE_Sign1)");
    // an unknown tag
    byte[] weird = new byte[sign1.length + 2];
    weird[0] = (byte) 0xd9;
    weird[1] = 0x03;
    weird[2] = (byte) 0xe7; // tag 999
    System.arraycopy(sign1, 1, weird, 3, sign1.length - 1);
    e = refusal(() -> CoseSign1.decode(weird));
    assertThat(e.reason()).isEqualTo(Reason.WRONG_MESSAGE_TYPE);
    assertThat(e.getMessage()).isEqualTo("expected COSE_Sign1 (tag 18), got tag 999");
  }

  @Test
  void wrongShapesAreRefusedAsMalformed() {
    HexFormat hex = HexFormat.of();
    // not an array, wrong arity, protected headers not a byte string, unprotected not a map, payload a text string
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d201"))).getMessage())
        .isEqualTo("COSE_Sign1 must be an array, not a integer");
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d283a0a0f6"))).getMessage())
        .isEqualTo("COSE_Sign1 must have 4 elements, not 3");
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d284a0a0f640"))).getMessage())
        .isEqualTo("COSE_Sign1: protected headers must be a byte string, not a map");
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d2844080f640"))).getMessage())
        .isEqualTo("COSE_Sign1: unprotected headers must be a map, not a array");
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d28440a0616140"))).getMessage())
        .isEqualTo("payload must be a byte string or nil, not a text string");
    // protected headers that are not CBOR, or not a map
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d284411ca0f640"))).getMessage())
        .isEqualTo("COSE_Sign1: protected headers: reserved additional information 28 at offset 0");
    assertThat(refusal(() -> CoseSign1.decode(hex.parseHex("d2844101a0f640"))).getMessage())
        .isEqualTo("COSE_Sign1: protected headers must encode a map, not a integer");
  }

  @Test
  void everyTruncationOfEveryMessageTypeIsRefusedAsMalformed() throws Exception {
    CoseKey aesKw = CoseKey.generate(CoseAlgorithm.A128KW, RANDOM);
    List<byte[]> messages = List.of(
        CoseSign1.sign(CoseAlgorithm.ES256, PAYLOAD, es256).encode(),
        CoseSign.sign(CoseHeaders.EMPTY, PAYLOAD, NO_AAD, List.of(SignerSpec.of(CoseAlgorithm.EDDSA, eddsa))).encode(),
        CoseMac0.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(), PAYLOAD, NO_AAD, hmac256).encode(),
        CoseMac.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(), PAYLOAD, NO_AAD,
            List.of(RecipientSpec.of(CoseAlgorithm.A128KW, aesKw)), null, RANDOM).encode(),
        CoseEncrypt0.encrypt(CoseHeaders.builder().algorithm(CoseAlgorithm.A128GCM).build(), PAYLOAD, NO_AAD, aes128, RANDOM).encode(),
        CoseEncrypt.encrypt(CoseHeaders.builder().algorithm(CoseAlgorithm.A128GCM).build(), PAYLOAD, NO_AAD,
            List.of(RecipientSpec.of(CoseAlgorithm.A128KW, aesKw)), null, RANDOM).encode());
    List<CoseDecoder> decoders = List.of(CoseSign1::decode, CoseSign::decode, CoseMac0::decode, CoseMac::decode,
        CoseEncrypt0::decode, CoseEncrypt::decode);
    for (int m = 0; m < messages.size(); m++) {
      byte[] whole = messages.get(m);
      CoseDecoder decoder = decoders.get(m);
      decoder.decode(whole);
      for (int len = 0; len < whole.length; len++) {
        byte[] prefix = Arrays.copyOf(whole, len);
        CoseException e = refusal(() -> decoder.decode(prefix));
        assertThat(e.reason()).as("message %d prefix %d", m, len).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).as("message %d prefix %d", m, len).containsAnyOf("truncated input", "empty input");
      }
    }
    // and a whole message still decodes and verifies afterwards
    CoseSign1.decode(messages.get(0)).verify(es256, NO_AAD);
  }

  /** One of the six decoders. */
  @FunctionalInterface
  interface CoseDecoder {
    Object decode(byte[] bytes) throws CoseException;
  }
}
