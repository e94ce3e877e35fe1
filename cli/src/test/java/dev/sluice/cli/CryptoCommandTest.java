package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sluice crypto}: every subcommand's round trip, and each refusal with its exit code and stderr line. */
class CryptoCommandTest {

  @TempDir Path dir;

  private record Result(int code, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  private static Result run(byte[] stdin, String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    CryptoCommand crypto = cli.getSubcommands().get("crypto").getCommand();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    crypto.in = new ByteArrayInputStream(stdin);
    crypto.out = out;
    int code = cli.execute(args);
    return new Result(code, out.toByteArray(), err.toString());
  }

  private static Result run(String stdin, String... args) {
    return run(stdin.getBytes(StandardCharsets.UTF_8), args);
  }

  /** Runs a command that must succeed and returns its stdout. */
  private static byte[] ok(byte[] stdin, String... args) {
    Result r = run(stdin, args);
    assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return r.out();
  }

  private Path file(String name, byte[] content) throws Exception {
    Path f = dir.resolve(name);
    Files.write(f, content);
    return f;
  }

  /** A new key written to a file, and its public half (PEM) in another. */
  private Path[] keyPair(String name, String... newArgs) throws Exception {
    String[] args = new String[newArgs.length + 3];
    args[0] = "crypto";
    args[1] = "jwk";
    args[2] = "new";
    System.arraycopy(newArgs, 0, args, 3, newArgs.length);
    byte[] priv = ok(new byte[0], args);
    Path privFile = file(name + ".jwk", priv);
    if (new String(priv, StandardCharsets.UTF_8).contains("\"oct\"")) {
      return new Path[] {privFile, privFile}; // a shared secret has no public half
    }
    Path pubFile = file(name + ".pub.pem", ok(priv, "crypto", "jwk", "convert", "--to", "pem", "--public"));
    return new Path[] {privFile, pubFile};
  }

  private static final byte[] MESSAGE = "policy release 42\n".getBytes(StandardCharsets.UTF_8);

  @Test
  void jwkNewMakesEachKeyTypeAndConvertRoundTripsThroughPemAndCose() throws Exception {
    for (String[] a : new String[][] {{"--kty", "EC", "--crv", "P-384"}, {"--kty", "RSA", "--size", "2048"},
        {"--kty", "OKP"}, {"--kty", "OKP", "--crv", "X25519"}}) {
      JsonObject jwk = new JsonObject(new String(ok(new byte[0], concat(new String[] {"crypto", "jwk", "new",
          "--kid", "k1"}, a)), StandardCharsets.UTF_8));
      assertThat(jwk.getString("kty")).isEqualTo(a[1]);
      assertThat(jwk.containsKey("d")).as("private part included").isTrue();
      byte[] pem = ok(jwk.encode().getBytes(StandardCharsets.UTF_8), "crypto", "jwk", "convert", "--to", "pem");
      assertThat(new String(pem, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PRIVATE KEY-----");
      JsonObject back = new JsonObject(new String(ok(pem, "crypto", "jwk", "convert", "--to", "jwk"),
          StandardCharsets.UTF_8));
      jwk.remove("kid"); // PEM has no kid
      assertThat(back).isEqualTo(jwk);
      byte[] cose = ok(pem, "crypto", "jwk", "convert", "--to", "cose");
      assertThat(new JsonObject(new String(ok(cose, "crypto", "jwk", "convert", "--to", "jwk"), StandardCharsets.UTF_8)))
          .isEqualTo(jwk);
    }
    JsonObject oct = new JsonObject(new String(ok(new byte[0], "crypto", "jwk", "new", "--kty", "oct", "--size", "128"),
        StandardCharsets.UTF_8));
    assertThat(oct.getString("k")).hasSize(22);
    Result octPem = run(oct.encode(), "crypto", "jwk", "convert", "--to", "pem");
    assertThat(octPem.code()).isEqualTo(1);
    assertThat(octPem.err()).startsWith("sluice crypto jwk convert: ");
  }

  @Test
  void jwkUsageErrorsExitTwo() {
    Result unknown = run("", "crypto", "jwk", "new", "--kty", "DSA");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).isEqualTo("sluice crypto jwk new: unknown key type DSA (EC, OKP, RSA, oct)\n");
    Result sizeOnEc = run("", "crypto", "jwk", "new", "--kty", "EC", "--size", "256");
    assertThat(sizeOnEc.code()).isEqualTo(2);
    assertThat(sizeOnEc.err()).isEqualTo("sluice crypto jwk new: --size does not apply to EC keys (use --crv)\n");
    assertThat(run("", "crypto", "jwk", "new").code()).as("--kty is required").isEqualTo(2);
    assertThat(run("", "crypto").code()).isEqualTo(2);
    assertThat(run("", "crypto", "jwk").code()).isEqualTo(2);
    Result notAKey = run("hello", "crypto", "jwk", "convert", "--to", "jwk");
    assertThat(notAKey.code()).isEqualTo(1);
    assertThat(notAKey.err()).startsWith("sluice crypto jwk convert: ");
  }

  @Test
  void jwsSignsAndVerifiesInEachSerializationAndRefusesTampering() throws Exception {
    Path[] ec = keyPair("ec", "--kty", "EC", "--kid", "ec1");
    for (String[] form : new String[][] {{}, {"--json"}, {"--flattened"}}) {
      byte[] jws = ok(MESSAGE, concat(new String[] {"crypto", "jws", "sign", "--key", ec[0].toString()}, form));
      assertThat(ok(jws, "crypto", "jws", "verify", "--key", ec[1].toString())).isEqualTo(MESSAGE);
    }
    String compact = new String(ok(MESSAGE, "crypto", "jws", "sign", "--key", ec[0].toString(), "--alg", "ES256"),
        StandardCharsets.US_ASCII).strip();
    String[] p = compact.split("\\.");
    Result tampered = run(p[0] + "." + p[1].substring(0, p[1].length() - 2) + "Cg." + p[2], "crypto", "jws", "verify",
        "--key", ec[1].toString());
    assertThat(tampered.code()).isEqualTo(1);
    assertThat(tampered.err()).isEqualTo("sluice crypto jws verify: JWS ES256 signature does not verify\n");
    assertThat(tampered.out()).isEmpty();
    Result notAllowed = run(compact, "crypto", "jws", "verify", "--key", ec[1].toString(), "--alg", "ES384,EdDSA");
    assertThat(notAllowed.code()).isEqualTo(1);
    assertThat(notAllowed.err()).isEqualTo("sluice crypto jws verify: JWS algorithm ES256 is not allowed\n");

    Path[] hmac = keyPair("oct", "--kty", "oct");
    byte[] hs = ok(MESSAGE, "crypto", "jws", "sign", "--key", hmac[0].toString());
    assertThat(ok(hs, "crypto", "jws", "verify", "--key", hmac[0].toString())).isEqualTo(MESSAGE);
  }

  @Test
  void jwsRefusesAlgNoneAndAlgorithmConfusion() throws Exception {
    Path[] rsa = keyPair("rsa", "--kty", "RSA");
    Path[] hmac = keyPair("oct", "--kty", "oct");
    byte[] hs256 = ok(MESSAGE, "crypto", "jws", "sign", "--key", hmac[0].toString());
    Result confused = run(hs256, "crypto", "jws", "verify", "--key", rsa[1].toString());
    assertThat(confused.code()).isEqualTo(1);
    assertThat(confused.err()).isEqualTo("sluice crypto jws verify: JWS algorithm HS256 does not fit the type of any"
        + " trusted key (RSA): refused\n");
    Result none = run("eyJhbGciOiJub25lIn0.cG9saWN5.", "crypto", "jws", "verify", "--key", rsa[1].toString());
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.err()).isEqualTo("sluice crypto jws verify: unsecured JWS (alg \"none\") refused\n");
    Result malformed = run("not.a.jws.at.all", "crypto", "jws", "verify", "--key", rsa[1].toString());
    assertThat(malformed.code()).isEqualTo(1);
    assertThat(malformed.err()).isEqualTo("sluice crypto jws verify: a compact JWS has three dot-separated parts\n");
  }

  @Test
  void jwsSignUsageProblemsExitTwo() throws Exception {
    Path[] ec = keyPair("ec", "--kty", "EC");
    Result publicKey = run(MESSAGE, "crypto", "jws", "sign", "--key", ec[1].toString());
    assertThat(publicKey.code()).isEqualTo(2);
    assertThat(publicKey.err()).isEqualTo("sluice crypto jws sign: signing needs a private key; the EC key is public\n");
    Result wrongAlg = run(MESSAGE, "crypto", "jws", "sign", "--key", ec[0].toString(), "--alg", "HS256");
    assertThat(wrongAlg.code()).isEqualTo(2);
    assertThat(wrongAlg.err()).isEqualTo("sluice crypto jws sign: a EC key cannot sign HS256\n");
    Result none = run(MESSAGE, "crypto", "jws", "sign", "--key", ec[0].toString(), "--alg", "none");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).startsWith("sluice crypto jws sign: JWS algorithm \"none\" is not supported");
    Path missing = dir.resolve("missing.jwk");
    Result noFile = run(MESSAGE, "crypto", "jws", "sign", "--key", missing.toString());
    assertThat(noFile.code()).isEqualTo(2);
    assertThat(noFile.err()).isEqualTo("sluice crypto jws sign: --key " + missing
        + ": cannot be read (NoSuchFileException)\n");
    Path garbage = file("garbage.jwk", "{\"kty\": \"EC\"}".getBytes(StandardCharsets.UTF_8));
    Result notKey = run(MESSAGE, "crypto", "jws", "verify", "--key", garbage.toString());
    assertThat(notKey.code()).isEqualTo(2);
    assertThat(notKey.err()).startsWith("sluice crypto jws verify: --key " + garbage + ": not a JWK or JWK set");
    Result noKeyOption = run(MESSAGE, "crypto", "jws", "sign");
    assertThat(noKeyOption.code()).isEqualTo(2);
    assertThat(noKeyOption.err()).contains("Missing required option: '--key=FILE'");
  }

  @Test
  void jweEncryptsAndDecryptsForEachKeyTypeAndRefusesTheRest() throws Exception {
    Path[] ec = keyPair("ec", "--kty", "EC", "--crv", "P-521");
    Path[] rsa = keyPair("rsa", "--kty", "RSA");
    Path[] x = keyPair("x", "--kty", "OKP", "--crv", "X25519");
    Path[] oct = keyPair("oct", "--kty", "oct", "--size", "192");
    for (Path[] k : new Path[][] {ec, rsa, x, oct}) {
      byte[] jwe = ok(MESSAGE, "crypto", "jwe", "encrypt", "--key", k[1].toString());
      assertThat(new String(jwe, StandardCharsets.US_ASCII).strip().split("\\.")).hasSize(5);
      assertThat(ok(jwe, "crypto", "jwe", "decrypt", "--key", k[0].toString())).isEqualTo(MESSAGE);
    }
    byte[] kw = ok(MESSAGE, "crypto", "jwe", "encrypt", "--key", ec[1].toString(), "--alg", "ECDH-ES+A128KW", "--enc",
        "A128GCM");
    assertThat(ok(kw, "crypto", "jwe", "decrypt", "--key", ec[0].toString())).isEqualTo(MESSAGE);

    Path[] other = keyPair("other", "--kty", "EC", "--crv", "P-521");
    Result wrongKey = run(kw, "crypto", "jwe", "decrypt", "--key", other[0].toString());
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).isEqualTo("sluice crypto jwe decrypt: JWE ECDH-ES+A128KW/A128GCM does not decrypt:"
        + " tampered, or not encrypted to these keys\n");
    Result wrongType = run(kw, "crypto", "jwe", "decrypt", "--key", rsa[0].toString());
    assertThat(wrongType.code()).isEqualTo(1);
    assertThat(wrongType.err()).contains("does not fit the type of any key");
    Result weak = run(MESSAGE, "crypto", "jwe", "encrypt", "--key", rsa[1].toString(), "--alg", "RSA1_5");
    assertThat(weak.code()).isEqualTo(2);
    assertThat(weak.err()).startsWith("sluice crypto jwe encrypt: JWE algorithm \"RSA1_5\" is not supported");
    Result publicDecrypt = run(kw, "crypto", "jwe", "decrypt", "--key", ec[1].toString());
    assertThat(publicDecrypt.code()).isEqualTo(2);
    assertThat(publicDecrypt.err()).contains("decryption needs a private key");
    Result garbage = run("a.b.c.d.e", "crypto", "jwe", "decrypt", "--key", ec[0].toString());
    assertThat(garbage.code()).isEqualTo(1);
    assertThat(garbage.err()).isEqualTo("sluice crypto jwe decrypt: the JWE header is not base64url JSON\n");
  }

  @Test
  void coseSignsAndVerifiesWithJwkPemAndCoseKeyFiles() throws Exception {
    Path[] ec = keyPair("ec", "--kty", "EC", "--kid", "ec1");
    Path edCose = file("ed.cose", ok(new byte[0], "crypto", "jwk", "new", "--kty", "OKP", "--format", "cose"));
    Path edPub = file("ed.pub.cose", ok(Files.readAllBytes(edCose), "crypto", "jwk", "convert", "--to", "cose",
        "--public"));
    Path[] oct = keyPair("oct", "--kty", "oct");
    byte[] sign1 = ok(MESSAGE, "crypto", "cose", "sign", "--key", ec[0].toString());
    assertThat(sign1[0] & 0xff).as("tag 18, COSE_Sign1").isEqualTo(0xd2);
    assertThat(ok(sign1, "crypto", "cose", "verify", "--key", ec[1].toString())).isEqualTo(MESSAGE);
    byte[] ed = ok(MESSAGE, "crypto", "cose", "sign", "--key", edCose.toString());
    assertThat(ok(ed, "crypto", "cose", "verify", "--key", edPub.toString(), "--alg", "EdDSA")).isEqualTo(MESSAGE);
    byte[] mac0 = ok(MESSAGE, "crypto", "cose", "sign", "--key", oct[0].toString());
    assertThat(mac0[0] & 0xff).as("tag 17, COSE_Mac0").isEqualTo(0xd1);
    assertThat(ok(mac0, "crypto", "cose", "verify", "--key", oct[0].toString())).isEqualTo(MESSAGE);

    byte[] tampered = sign1.clone();
    tampered[tampered.length - 70] ^= 1; // inside the payload or signature
    Result bad = run(tampered, "crypto", "cose", "verify", "--key", ec[1].toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).startsWith("sluice crypto cose verify: ");
    Result wrongKey = run(sign1, "crypto", "cose", "verify", "--key", edPub.toString());
    assertThat(wrongKey.code()).isEqualTo(1);
    Result wrongAlg = run(ed, "crypto", "cose", "verify", "--key", edPub.toString(), "--alg", "ES256");
    assertThat(wrongAlg.code()).isEqualTo(1);
    assertThat(wrongAlg.err()).isEqualTo("sluice crypto cose verify: the message's algorithm EDDSA is not the required"
        + " ES256\n");
    Result notCbor = run("hello", "crypto", "cose", "verify", "--key", ec[1].toString());
    assertThat(notCbor.code()).isEqualTo(1);
    assertThat(notCbor.err()).startsWith("sluice crypto cose verify: not a COSE message");
    Result macAlgForSign = run(MESSAGE, "crypto", "cose", "sign", "--key", ec[0].toString(), "--alg", "HMAC_256");
    assertThat(macAlgForSign.code()).isEqualTo(2);
    assertThat(macAlgForSign.err()).isEqualTo("sluice crypto cose sign: COSE algorithm HMAC_256 is a mac algorithm,"
        + " not a signature one\n");
  }

  @Test
  void coseEncryptsAndDecryptsWithSharedAndPublicKeys() throws Exception {
    Path[] oct = keyPair("oct", "--kty", "oct", "--size", "128");
    Path[] ec = keyPair("ec", "--kty", "EC");
    Path[] x = keyPair("x", "--kty", "OKP", "--crv", "X25519");
    Path[] rsa = keyPair("rsa", "--kty", "RSA");
    byte[] enc0 = ok(MESSAGE, "crypto", "cose", "encrypt", "--key", oct[0].toString());
    assertThat(enc0[0] & 0xff).as("tag 16, COSE_Encrypt0").isEqualTo(0xd0);
    assertThat(ok(enc0, "crypto", "cose", "decrypt", "--key", oct[0].toString())).isEqualTo(MESSAGE);
    byte[] ccm = ok(MESSAGE, "crypto", "cose", "encrypt", "--key", oct[0].toString(), "--alg", "AES_CCM_16_64_128");
    assertThat(ok(ccm, "crypto", "cose", "decrypt", "--key", oct[0].toString())).isEqualTo(MESSAGE);
    for (Path[] k : new Path[][] {ec, x, rsa}) {
      byte[] enc = ok(MESSAGE, "crypto", "cose", "encrypt", "--key", k[1].toString());
      assertThat(enc[0] & 0xff).as("tag 96, COSE_Encrypt").isEqualTo(0xd8);
      assertThat(ok(enc, "crypto", "cose", "decrypt", "--key", k[0].toString())).isEqualTo(MESSAGE);
    }
    byte[] kw = ok(MESSAGE, "crypto", "cose", "encrypt", "--key", oct[0].toString(), "--alg", "A128KW");
    assertThat(ok(kw, "crypto", "cose", "decrypt", "--key", oct[0].toString())).isEqualTo(MESSAGE);

    Path[] otherOct = keyPair("oct2", "--kty", "oct", "--size", "128");
    Result wrongKey = run(enc0, "crypto", "cose", "decrypt", "--key", otherOct[0].toString());
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).startsWith("sluice crypto cose decrypt: ");
    byte[] tampered = enc0.clone();
    tampered[tampered.length - 1] ^= 1;
    assertThat(run(tampered, "crypto", "cose", "decrypt", "--key", oct[0].toString()).code()).isEqualTo(1);
    byte[] sign1 = ok(MESSAGE, "crypto", "cose", "sign", "--key", ec[0].toString());
    Result notEncrypted = run(sign1, "crypto", "cose", "decrypt", "--key", ec[0].toString());
    assertThat(notEncrypted.code()).isEqualTo(1);
    assertThat(notEncrypted.err()).isEqualTo("sluice crypto cose decrypt: not an encrypted message but a COSE_Sign1\n");
    Result unknownAlg = run(MESSAGE, "crypto", "cose", "encrypt", "--key", oct[0].toString(), "--alg", "ROT13");
    assertThat(unknownAlg.code()).isEqualTo(2);
    assertThat(unknownAlg.err()).isEqualTo("sluice crypto cose encrypt: unknown COSE algorithm \"ROT13\"\n");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = new String[a.length + b.length];
    System.arraycopy(a, 0, r, 0, a.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
