package dev.sluice.cose;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;

/**
 * Jazzer targets for the six COSE decoders and COSE_Key: whatever the bytes, decoding (and, when
 * it decodes, verifying or decrypting with a fixed key and re-encoding) ends in a result or a
 * {@link CoseException}; anything else is a finding. Seeds live in
 * {@code src/test/resources/dev/sluice/cose/CoseDecodersFuzzTestInputs/<method>/}.
 */
class CoseDecodersFuzzTest {
  private static final byte[] AAD = new byte[0];
  private static final CoseKey EC;
  private static final CoseKey ED;
  private static final CoseKey SECRET;
  private static final CoseKey AES;

  static {
    // fixed keys from a fixed seed: the targets must behave the same on every run
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(8L);
      EC = CoseKey.generate(CoseAlgorithm.ES256, r);
      ED = CoseKey.generate(CoseAlgorithm.EDDSA, r);
      SECRET = CoseKey.generate(CoseAlgorithm.HMAC_256, r);
      AES = CoseKey.generate(CoseAlgorithm.A128GCM, r);
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A COSE step that may refuse. */
  @FunctionalInterface
  interface Step {
    void run() throws CoseException;
  }

  private static void onlyCoseExceptions(Step step) {
    try {
      step.run();
    } catch (CoseException e) {
      assertThat(e.reason()).isNotNull();
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void sign1(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseSign1 m = CoseSign1.decode(data);
      assertThat(CoseSign1.decode(m.encode()).encode()).isEqualTo(m.encode());
      onlyCoseExceptions(() -> m.verify(EC, AAD));
      onlyCoseExceptions(() -> m.verify(ED, AAD));
      onlyCoseExceptions(() -> m.verifyDetached(EC, AAD, data));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void sign(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseSign m = CoseSign.decode(data);
      assertThat(CoseSign.decode(m.encode()).encode()).isEqualTo(m.encode());
      onlyCoseExceptions(() -> m.verify(EC, AAD));
      onlyCoseExceptions(() -> m.verify(ED, AAD));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void mac0(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseMac0 m = CoseMac0.decode(data);
      assertThat(CoseMac0.decode(m.encode()).encode()).isEqualTo(m.encode());
      onlyCoseExceptions(() -> m.verify(SECRET, AAD));
      onlyCoseExceptions(() -> m.verify(EC, AAD));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void mac(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseMac m = CoseMac.decode(data);
      assertThat(CoseMac.decode(m.encode()).encode()).isEqualTo(m.encode());
      onlyCoseExceptions(() -> m.verify(SECRET, AAD));
      onlyCoseExceptions(() -> m.verify(EC, AAD));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void encrypt0(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseEncrypt0 m = CoseEncrypt0.decode(data);
      assertThat(CoseEncrypt0.decode(m.encode()).encode()).isEqualTo(m.encode());
      onlyCoseExceptions(() -> m.decrypt(AES, AAD));
      onlyCoseExceptions(() -> m.decrypt(SECRET, AAD));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void encrypt(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseEncrypt m = CoseEncrypt.decode(data);
      assertThat(CoseEncrypt.decode(m.encode()).encode()).isEqualTo(m.encode());
      onlyCoseExceptions(() -> m.decrypt(AES, AAD));
      onlyCoseExceptions(() -> m.decrypt(EC, AAD));
    });
  }

  @FuzzTest(maxDuration = "60s")
  void key(byte[] data) {
    onlyCoseExceptions(() -> {
      CoseKey k = CoseKey.decode(data);
      assertThat(CoseKey.decode(k.encode())).isEqualTo(k);
      assertThat(k.toString()).isNotNull();
    });
  }
}
