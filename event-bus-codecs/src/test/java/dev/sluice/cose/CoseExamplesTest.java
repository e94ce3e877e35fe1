package dev.sluice.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborValue;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The COSE working group's examples: every example of a claimed family is processed. Failing
 * examples must be refused; passing ones must verify or decrypt to the plaintext, reproduce the
 * intermediates they list, and, where every algorithm involved is deterministic given the
 * example's inputs, be rebuilt byte for byte by our encoder from the decoded headers, the
 * example's keys and plaintext, and its random values (IV in the headers, CEK, ephemeral key).
 */
class CoseExamplesTest {
  /** Families not claimed, and why (mirrored in docs/toolkit.md). */
  static final Set<String> UNCLAIMED = Set.of(
      "hashsig",        // HSS-LMS hash-based signatures: not in the JDK, not implemented
      "countersign",    // RFC 8152 countersignatures on every layer: only the message level is implemented
      "countersign1");  // RFC 8152 abbreviated countersignatures: idem

  private static int examples;
  private static int refused;
  private static int verified;
  private static int reproduced;
  private static final HexFormat HEX = HexFormat.of();

  static Path dir() {
    return Corpus.dir("cose-examples");
  }

  @TestFactory
  Stream<DynamicTest> everyClaimedExampleIsHandled() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir())) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    return files.stream()
        .filter(p -> !UNCLAIMED.contains(p.getParent().getFileName().toString()))
        .map(p -> DynamicTest.dynamicTest(dir().relativize(p).toString(), () -> run(p)));
  }

  @Test
  void theCorpusHasTheThreeHundredAndSixExamples() throws IOException {
    try (Stream<Path> s = Files.walk(dir())) {
      assertThat(s.filter(p -> p.toString().endsWith(".json")).count()).isEqualTo(306);
    }
  }

  @AfterAll
  static void summary() {
    System.out.printf("COSE examples: %d processed, %d refused as expected, %d verified, %d reproduced byte for byte%n",
        examples, refused, verified, reproduced);
  }

  private void run(Path file) throws Exception {
    JsonObject ex = new JsonObject(Files.readString(file));
    JsonObject in = ex.getJsonObject("input");
    byte[] expected = HEX.parseHex(ex.getJsonObject("output").getString("cbor"));
    boolean fail = ex.getBoolean("fail", false);
    byte[] plaintext = in.containsKey("plaintext_hex") ? HEX.parseHex(in.getString("plaintext_hex"))
        : in.getString("plaintext").getBytes(StandardCharsets.UTF_8);
    CoseOptions options = new CoseOptions().understand("reserved");
    synchronized (CoseExamplesTest.class) {
      examples++;
    }
    if (fail) {
      assertThatThrownBy(() -> process(ex, in, expected, plaintext, options))
          .as("a failing example must be refused").isInstanceOf(CoseException.class);
      synchronized (CoseExamplesTest.class) {
        refused++;
      }
      return;
    }
    boolean rebuilt = process(ex, in, expected, plaintext, options);
    synchronized (CoseExamplesTest.class) {
      verified++;
      reproduced += rebuilt ? 1 : 0;
    }
  }

  /** Verifies or decrypts; returns true when the message was also rebuilt byte for byte. */
  private boolean process(JsonObject ex, JsonObject in, byte[] expected, byte[] plaintext, CoseOptions options)
      throws Exception {
    JsonObject inter = ex.getJsonObject("intermediates", new JsonObject());
    boolean tagged = (expected[0] & 0xe0) == 0xc0;
    if (in.containsKey("sign0")) {
      return sign1(in.getJsonObject("sign0"), expected, plaintext, options, inter, tagged);
    }
    if (in.containsKey("sign")) {
      return sign(in.getJsonObject("sign"), expected, plaintext, options, inter, tagged);
    }
    if (in.containsKey("mac0")) {
      return mac0(in.getJsonObject("mac0"), expected, plaintext, options, inter, tagged);
    }
    if (in.containsKey("mac")) {
      return mac(in, in.getJsonObject("mac"), expected, plaintext, options, inter, tagged);
    }
    if (in.containsKey("encrypted")) {
      return encrypt0(in.getJsonObject("encrypted"), expected, plaintext, options, inter, tagged);
    }
    return encrypt(in, in.getJsonObject("enveloped"), expected, plaintext, options, inter, tagged);
  }

  private static byte[] aad(JsonObject layer) {
    return layer.containsKey("external") ? HEX.parseHex(layer.getString("external")) : new byte[0];
  }

  private boolean sign1(JsonObject layer, byte[] expected, byte[] plaintext, CoseOptions options, JsonObject inter,
      boolean tagged) throws Exception {
    CoseKey key = CorpusKeys.of(layer.getJsonObject("key"));
    CoseSign1 msg = CoseSign1.decode(expected, options);
    msg.verify(key.publicOnly(), aad(layer));
    assertThat(msg.payload()).isEqualTo(plaintext);
    if (inter.containsKey("ToBeSign_hex")) {
      assertThat(HEX.formatHex(msg.toBeSigned(aad(layer)))).isEqualToIgnoringCase(inter.getString("ToBeSign_hex"));
    }
    if (msg.headers().algorithm() != CoseAlgorithm.EDDSA) {
      return false; // ECDSA and PSS signatures are randomized
    }
    byte[] again = CoseSign1.sign(msg.headers(), plaintext, aad(layer), key).encode(tagged);
    assertThat(HEX.formatHex(again)).isEqualTo(HEX.formatHex(expected));
    return true;
  }

  private boolean sign(JsonObject layer, byte[] expected, byte[] plaintext, CoseOptions options, JsonObject inter,
      boolean tagged) throws Exception {
    JsonArray signers = layer.getJsonArray("signers");
    CoseSign msg = CoseSign.decode(expected, options);
    // the external AAD may be given with the signer
    for (int i = 0; i < signers.size(); i++) {
      if (signers.getJsonObject(i).containsKey("external")) {
        layer = layer.copy().put("external", signers.getJsonObject(i).getString("external"));
      }
    }
    boolean deterministic = true;
    List<SignerSpec> specs = new ArrayList<>();
    for (int i = 0; i < signers.size(); i++) {
      JsonObject s = signers.getJsonObject(i);
      CoseKey key = CorpusKeys.of(s.getJsonObject("key"));
      msg.verify(key.publicOnly(), aad(layer));
      CoseSignature sig = msg.signatures().get(i);
      deterministic &= sig.headers().algorithm() == CoseAlgorithm.EDDSA;
      specs.add(new SignerSpec(sig.headers(), key));
    }
    assertThat(msg.payload()).isEqualTo(plaintext);
    JsonArray interSigners = inter.getJsonArray("signers");
    if (interSigners != null) {
      for (int i = 0; i < interSigners.size(); i++) {
        String tbs = interSigners.getJsonObject(i).getString("ToBeSign_hex");
        if (tbs != null) {
          assertThat(HEX.formatHex(msg.toBeSigned(i, aad(layer)))).isEqualToIgnoringCase(tbs);
        }
      }
    }
    if (!deterministic) {
      return false;
    }
    byte[] again = CoseSign.sign(msg.headers(), plaintext, aad(layer), specs).encode(tagged);
    assertThat(HEX.formatHex(again)).isEqualTo(HEX.formatHex(expected));
    return true;
  }

  private boolean mac0(JsonObject layer, byte[] expected, byte[] plaintext, CoseOptions options, JsonObject inter,
      boolean tagged) throws Exception {
    CoseKey key = CorpusKeys.of(layer.getJsonArray("recipients").getJsonObject(0).getJsonObject("key"));
    CoseMac0 msg = CoseMac0.decode(expected, options);
    msg.verify(key, aad(layer));
    assertThat(msg.payload()).isEqualTo(plaintext);
    byte[] again = CoseMac0.create(msg.headers(), plaintext, aad(layer), key).encode(tagged);
    assertThat(HEX.formatHex(again)).isEqualTo(HEX.formatHex(expected));
    return true;
  }

  private boolean encrypt0(JsonObject layer, byte[] expected, byte[] plaintext, CoseOptions options, JsonObject inter,
      boolean tagged) throws Exception {
    CoseKey key = CorpusKeys.of(layer.getJsonArray("recipients").getJsonObject(0).getJsonObject("key"));
    CoseEncrypt0 msg = CoseEncrypt0.decode(expected, options);
    key = withBaseIv(key, layer, msg.headers());
    assertThat(msg.decrypt(key, aad(layer))).isEqualTo(plaintext);
    // chacha-poly-enc-01 lists an AAD with the context "Encrypt1", a typo in the example: its
    // ciphertext decrypts (above) with the "Encrypt0" context that RFC 9052 prescribes.
    if (inter.containsKey("AAD_hex") && !inter.getString("AAD_hex").startsWith("8368456E6372797074314")) {
      assertThat(HEX.formatHex(dev.sluice.cose.impl.Structures.encStructure("Encrypt0", msg.headers().protectedForStructures(),
          aad(layer)))).isEqualToIgnoringCase(inter.getString("AAD_hex"));
    }
    byte[] again = CoseEncrypt0.encrypt(msg.headers(), plaintext, aad(layer), key, new SecureRandom()).encode(tagged);
    assertThat(HEX.formatHex(again)).isEqualTo(HEX.formatHex(expected));
    return true;
  }

  /** For a message with a partial IV: the base IV is the full IV (given unsent) XOR the partial one. */
  private static CoseKey withBaseIv(CoseKey key, JsonObject layer, CoseHeaders h) throws CoseException {
    JsonObject unsent = layer.getJsonObject("unsent");
    byte[] partial = h.bytes(HeaderLabels.PARTIAL_IV, "partial IV");
    if (unsent == null || !unsent.containsKey("IV_hex") || partial == null) {
      return key;
    }
    byte[] base = HEX.parseHex(unsent.getString("IV_hex"));
    for (int i = 0; i < partial.length; i++) {
      base[base.length - partial.length + i] ^= partial[i];
    }
    return key.withBaseIv(base);
  }

  private boolean mac(JsonObject in, JsonObject layer, byte[] expected, byte[] plaintext, CoseOptions options,
      JsonObject inter, boolean tagged) throws Exception {
    CoseMac msg = CoseMac.decode(expected, options);
    JsonArray recipients = layer.getJsonArray("recipients");
    msg.verify(context(recipients.getJsonObject(0)), aad(layer));
    assertThat(msg.payload()).isEqualTo(plaintext);
    List<RecipientSpec> specs = new ArrayList<>();
    if (!specs(in, recipients, msg.recipients(), specs)) {
      return false;
    }
    byte[] cek = inter.containsKey("CEK_hex") ? HEX.parseHex(inter.getString("CEK_hex")) : null;
    byte[] again = CoseMac.create(msg.headers(), plaintext, aad(layer), specs, cek, new SecureRandom()).encode(tagged);
    assertThat(HEX.formatHex(again)).isEqualTo(HEX.formatHex(expected));
    return true;
  }

  private boolean encrypt(JsonObject in, JsonObject layer, byte[] expected, byte[] plaintext, CoseOptions options,
      JsonObject inter, boolean tagged) throws Exception {
    CoseEncrypt msg = CoseEncrypt.decode(expected, options);
    JsonArray recipients = layer.getJsonArray("recipients");
    RecipientContext ctx = context(recipients.getJsonObject(0));
    ctx = RecipientContext.of(withBaseIv(ctx.key(), layer, msg.headers())).withKdfInfo(ctx.kdfInfo());
    for (CoseKey k : context(recipients.getJsonObject(0)).senderKeys()) {
      ctx = ctx.withSenderKey(k);
    }
    assertThat(msg.decrypt(ctx, aad(layer))).isEqualTo(plaintext);
    if (inter.containsKey("AAD_hex")) {
      assertThat(HEX.formatHex(dev.sluice.cose.impl.Structures.encStructure("Encrypt", msg.headers().protectedForStructures(),
          aad(layer)))).isEqualToIgnoringCase(inter.getString("AAD_hex"));
    }
    List<RecipientSpec> specs = new ArrayList<>();
    if (!specs(in, recipients, msg.recipients(), specs)) {
      return false;
    }
    if (specs.size() == 1 && specs.get(0).key() != null) {
      specs.set(0, RecipientSpec.of(specs.get(0).headers(), withBaseIv(specs.get(0).key(), layer, msg.headers()))
          .withSenderKey(specs.get(0).senderKey()).withEphemeralKey(specs.get(0).ephemeralKey())
          .withKdfInfo(specs.get(0).kdfInfo()));
    }
    byte[] cek = inter.containsKey("CEK_hex") ? HEX.parseHex(inter.getString("CEK_hex")) : null;
    byte[] again = CoseEncrypt.encrypt(msg.headers(), plaintext, aad(layer), specs, cek, new SecureRandom()).encode(tagged);
    assertThat(HEX.formatHex(again)).isEqualTo(HEX.formatHex(expected));
    return true;
  }

  /** The receiving side of the first recipient (the innermost key for layered recipients). */
  private static RecipientContext context(JsonObject recipient) throws CoseException {
    JsonObject r = recipient;
    while (!r.containsKey("key") && r.containsKey("recipients")) {
      r = r.getJsonArray("recipients").getJsonObject(0);
    }
    RecipientContext ctx = RecipientContext.of(CorpusKeys.of(r.getJsonObject("key"))).withKdfInfo(kdfInfo(r));
    if (r.containsKey("sender_key")) {
      ctx = ctx.withSenderKey(CorpusKeys.of(r.getJsonObject("sender_key")).publicOnly());
    }
    return ctx;
  }

  private static KdfInfo kdfInfo(JsonObject recipient) {
    JsonObject u = recipient.getJsonObject("unsent");
    if (u == null) {
      return KdfInfo.NONE;
    }
    return KdfInfo.NONE.withPartyU(utf8(u, "apu_id"), null, null).withPartyV(utf8(u, "apv_id"), null, null)
        .withSuppPubOther(utf8(u, "pub_other")).withSuppPrivInfo(utf8(u, "priv_other"));
  }

  private static byte[] utf8(JsonObject o, String name) {
    return o.containsKey(name) ? o.getString(name).getBytes(StandardCharsets.UTF_8) : null;
  }

  /**
   * Sender-side recipients rebuilt from the example's keys and the decoded headers; false when
   * the message cannot be rebuilt byte for byte (RSA-OAEP is randomized; an ECDH-ES ephemeral key
   * not found among the random values).
   */
  private static boolean specs(JsonObject in, JsonArray jsonRecipients, List<CoseRecipient> decoded,
      List<RecipientSpec> out) throws CoseException {
    for (int i = 0; i < decoded.size(); i++) {
      JsonObject j = jsonRecipients.getJsonObject(i);
      CoseRecipient r = decoded.get(i);
      CoseAlgorithm alg = r.headers().algorithm();
      if (alg.name().startsWith("RSAES")) {
        return false;
      }
      CoseKey key = j.containsKey("key") ? CorpusKeys.of(j.getJsonObject("key")) : null;
      if (key != null && alg.isEcdh()) {
        key = key.publicOnly();
      }
      RecipientSpec spec = RecipientSpec.of(r.headers(), key).withKdfInfo(kdfInfo(j));
      if (j.containsKey("sender_key")) {
        spec = spec.withSenderKey(CorpusKeys.of(j.getJsonObject("sender_key")));
      }
      if (alg.isEcdh() && !alg.isStaticStatic()) {
        CborValue epk = r.headers().get(HeaderLabels.EPHEMERAL_KEY);
        CoseKey eph = CorpusKeys.ephemeralFrom(in.getJsonArray("rng_stream"), CoseKey.fromCbor((CborMap) epk));
        if (eph == null) {
          return false;
        }
        spec = spec.withEphemeralKey(eph);
      }
      if (!r.recipients().isEmpty()) {
        List<RecipientSpec> nested = new ArrayList<>();
        if (!specs(in, j.getJsonArray("recipients"), r.recipients(), nested)) {
          return false;
        }
        spec = spec.withRecipients(nested);
      }
      out.add(spec);
    }
    return true;
  }

  @SuppressWarnings("unused")
  private static byte[] bytes(CborValue v) {
    return ((CborBytes) v).bytes();
  }
}
