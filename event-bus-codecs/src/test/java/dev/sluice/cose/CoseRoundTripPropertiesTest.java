package dev.sluice.cose;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For every claimed signature, MAC and content-encryption algorithm, arbitrary payloads and
 * external AAD survive COSE_Sign1, COSE_Mac0 and COSE_Encrypt0 with generated keys, and a message
 * with any one bit flipped is refused with a {@link CoseException} (never accepted, never another
 * exception).
 */
class CoseRoundTripPropertiesTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** One key per algorithm; RSA keys are slow to make, so all PS algorithms share one. */
  private static final Map<CoseAlgorithm, CoseKey> KEYS = new EnumMap<>(CoseAlgorithm.class);

  private static synchronized CoseKey key(CoseAlgorithm alg) throws CoseException {
    CoseAlgorithm slot = alg.name().startsWith("PS") ? CoseAlgorithm.PS256 : alg;
    CoseKey k = KEYS.get(slot);
    if (k == null) {
      k = CoseKey.generate(slot, RANDOM);
      KEYS.put(slot, k);
    }
    return k;
  }

  private static byte[] flipBit(byte[] in, int seed) {
    byte[] out = in.clone();
    int bit = Math.floorMod(seed, in.length * 8);
    out[bit / 8] ^= (byte) (1 << (bit % 8));
    return out;
  }

  /** Runs {@code open} and insists on a refusal with a reason and a message. */
  private static void assertRefused(CoseBadInputTest.CoseAction open) {
    CoseException e = CoseBadInputTest.refusal(open);
    assertThat(e.getMessage()).isNotBlank();
    assertThat(e.reason()).isNotNull();
  }

  @Property(tries = 120)
  void sign1RoundTripsAndRefusesAnyFlippedBit(@ForAll("signatureAlgorithms") CoseAlgorithm alg,
      @ForAll @Size(max = 1500) byte[] payload, @ForAll @Size(max = 40) byte[] aad,
      @ForAll @IntRange(min = 0) int bitSeed) throws CoseException {
    CoseKey key = key(alg);
    CoseHeaders h = CoseHeaders.builder().algorithm(alg).build();
    byte[] wire = CoseSign1.sign(h, payload, aad, key).encode();

    CoseSign1 back = CoseSign1.decode(wire);
    back.verify(key.publicOnly(), aad);
    assertThat(back.payload()).isEqualTo(payload);
    assertThat(back.headers().algorithm()).isEqualTo(alg);

    byte[] flipped = flipBit(wire, bitSeed);
    assertRefused(() -> CoseSign1.decode(flipped).verify(key.publicOnly(), aad));
    if (aad.length > 0) {
      assertRefused(() -> back.verify(key.publicOnly(), Arrays.copyOf(aad, aad.length - 1)));
    }
  }

  @Property(tries = 150)
  void mac0RoundTripsAndRefusesAnyFlippedBit(@ForAll("macAlgorithms") CoseAlgorithm alg,
      @ForAll @Size(max = 1500) byte[] payload, @ForAll @Size(max = 40) byte[] aad,
      @ForAll @IntRange(min = 0) int bitSeed) throws CoseException {
    CoseKey key = key(alg);
    byte[] wire = CoseMac0.create(CoseHeaders.builder().algorithm(alg).build(), payload, aad, key).encode();

    CoseMac0 back = CoseMac0.decode(wire);
    back.verify(key, aad);
    assertThat(back.payload()).isEqualTo(payload);

    byte[] flipped = flipBit(wire, bitSeed);
    assertRefused(() -> CoseMac0.decode(flipped).verify(key, aad));
  }

  @Property(tries = 150)
  void encrypt0RoundTripsAndRefusesAnyFlippedBit(@ForAll("contentAlgorithms") CoseAlgorithm alg,
      @ForAll @Size(max = 1500) byte[] plaintext, @ForAll @Size(max = 40) byte[] aad,
      @ForAll @IntRange(min = 0) int bitSeed) throws CoseException {
    CoseKey key = key(alg);
    CoseEncrypt0 sent = CoseEncrypt0.encrypt(CoseHeaders.builder().algorithm(alg).build(), plaintext, aad, key, RANDOM);
    byte[] wire = sent.encode();
    if (plaintext.length >= 8) {
      // the plaintext does not show through
      assertThat(Arrays.equals(Arrays.copyOf(sent.ciphertext(), plaintext.length), plaintext)).isFalse();
    }

    assertThat(CoseEncrypt0.decode(wire).decrypt(key, aad)).isEqualTo(plaintext);

    byte[] flipped = flipBit(wire, bitSeed);
    assertRefused(() -> CoseEncrypt0.decode(flipped).decrypt(key, aad));
  }

  @Provide
  Arbitrary<CoseAlgorithm> signatureAlgorithms() {
    return Arbitraries.of(Arrays.stream(CoseAlgorithm.values())
        .filter(a -> a.family() == CoseAlgorithm.Family.SIGNATURE).toList());
  }

  @Provide
  Arbitrary<CoseAlgorithm> macAlgorithms() {
    return Arbitraries.of(Arrays.stream(CoseAlgorithm.values())
        .filter(a -> a.family() == CoseAlgorithm.Family.MAC).toList());
  }

  @Provide
  Arbitrary<CoseAlgorithm> contentAlgorithms() {
    return Arbitraries.of(Arrays.stream(CoseAlgorithm.values())
        .filter(a -> a.family() == CoseAlgorithm.Family.CONTENT_ENCRYPTION).toList());
  }
}
