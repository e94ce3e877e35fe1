package dev.sluice.cose;

import static org.assertj.core.api.Assertions.assertThat;

import COSE.AlgorithmID;
import COSE.Attribute;
import COSE.HeaderKeys;
import COSE.MAC0Message;
import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.upokecenter.cbor.CBORObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Interoperability with {@code com.augustcellars.cose:cose-java} (the test oracle; unmaintained, so
 * never the implementation): what one library signs or MACs the other verifies, keys travel as
 * COSE_Key in both directions, and a tampered message is refused by both.
 */
class CoseJavaInteropTest {
  private static final byte[] PAYLOAD = "{\"release\":7,\"policy\":\"sluice\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] AAD = "external".getBytes(StandardCharsets.UTF_8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static OneKey toCoseJava(CoseKey key) throws Exception {
    return new OneKey(CBORObject.DecodeFromBytes(key.encode()));
  }

  private static byte[] flipLastByte(byte[] b) {
    byte[] out = b.clone();
    out[out.length - 1] ^= 0x40;
    return out;
  }

  @Test
  void anEs256Sign1MadeByUsVerifiesInCoseJava() throws Exception {
    CoseKey key = CoseKey.generate(CoseAlgorithm.ES256, RANDOM);
    byte[] ours = CoseSign1.sign(CoseHeaders.builder().algorithm(CoseAlgorithm.ES256).build(), PAYLOAD, AAD, key).encode();

    Sign1Message theirs = (Sign1Message) Message.DecodeFromBytes(ours, MessageTag.Sign1);
    theirs.setExternal(AAD);
    assertThat(theirs.GetContent()).isEqualTo(PAYLOAD);
    assertThat(theirs.validate(toCoseJava(key.publicOnly()))).isTrue();
    // the key also works as a JDK key on their side
    Sign1Message again = (Sign1Message) Message.DecodeFromBytes(ours, MessageTag.Sign1);
    again.setExternal(AAD);
    assertThat(again.validate(new OneKey(key.publicKey(), null))).isTrue();

    // tampered (last byte of the signature): cose-java refuses it too
    Sign1Message tampered = (Sign1Message) Message.DecodeFromBytes(flipLastByte(ours), MessageTag.Sign1);
    tampered.setExternal(AAD);
    assertThat(tampered.validate(toCoseJava(key.publicOnly()))).isFalse();
  }

  @Test
  void anEs256Sign1MadeByCoseJavaVerifiesWithUs() throws Exception {
    OneKey theirKey = OneKey.generateKey(AlgorithmID.ECDSA_256);
    Sign1Message m = new Sign1Message();
    m.addAttribute(HeaderKeys.Algorithm, AlgorithmID.ECDSA_256.AsCBOR(), Attribute.PROTECTED);
    m.addAttribute(HeaderKeys.KID, CBORObject.FromObject("their-key".getBytes(StandardCharsets.UTF_8)), Attribute.UNPROTECTED);
    m.SetContent(PAYLOAD);
    m.setExternal(AAD);
    m.sign(theirKey);
    byte[] theirs = m.EncodeToBytes();

    CoseKey pub = CoseKey.decode(theirKey.PublicKey().EncodeToBytes());
    CoseSign1 decoded = CoseSign1.decode(theirs);
    assertThat(decoded.headers().algorithm()).isEqualTo(CoseAlgorithm.ES256);
    assertThat(decoded.headers().kid()).isEqualTo("their-key".getBytes(StandardCharsets.UTF_8));
    assertThat(decoded.payload()).isEqualTo(PAYLOAD);
    decoded.verify(pub, AAD);
    // the same through the JDK form of their key
    decoded.verify(CoseKey.fromJdk(theirKey.AsPublicKey(), null), AAD);

    CoseException e = CoseBadInputTest.refusal(() -> CoseSign1.decode(flipLastByte(theirs)).verify(pub, AAD));
    assertThat(e.reason()).isEqualTo(CoseException.Reason.VERIFICATION_FAILED);
    e = CoseBadInputTest.refusal(() -> decoded.verify(pub, new byte[0]));
    assertThat(e.reason()).isEqualTo(CoseException.Reason.VERIFICATION_FAILED);
  }

  @Test
  void eddsaSign1TravelsBothWays() throws Exception {
    // cose-java does EdDSA through the i2p provider, looked up by name; added for this test only
    java.security.Security.addProvider(new net.i2p.crypto.eddsa.EdDSASecurityProvider());
    try {
      eddsaBothWays();
    } finally {
      java.security.Security.removeProvider("EdDSA");
    }
  }

  private static void eddsaBothWays() throws Exception {
    CoseKey ours = CoseKey.generate(CoseAlgorithm.EDDSA, RANDOM);
    byte[] signedByUs = CoseSign1.sign(CoseAlgorithm.EDDSA, PAYLOAD, ours).encode();
    Sign1Message read = (Sign1Message) Message.DecodeFromBytes(signedByUs, MessageTag.Sign1);
    assertThat(read.validate(toCoseJava(ours.publicOnly()))).isTrue();

    OneKey theirKey = OneKey.generateKey(AlgorithmID.EDDSA);
    Sign1Message m = new Sign1Message();
    m.addAttribute(HeaderKeys.Algorithm, AlgorithmID.EDDSA.AsCBOR(), Attribute.PROTECTED);
    m.SetContent(PAYLOAD);
    m.sign(theirKey);
    CoseSign1.decode(m.EncodeToBytes()).verify(CoseKey.decode(theirKey.PublicKey().EncodeToBytes()), new byte[0]);
  }

  @Test
  void anHmacMac0TravelsBothWays() throws Exception {
    CoseKey secret = CoseKey.generate(CoseAlgorithm.HMAC_256, RANDOM);
    byte[] ours = CoseMac0.create(CoseHeaders.builder().algorithm(CoseAlgorithm.HMAC_256).build(), PAYLOAD, AAD, secret)
        .encode();
    MAC0Message read = (MAC0Message) Message.DecodeFromBytes(ours, MessageTag.MAC0);
    read.setExternal(AAD);
    assertThat(read.Validate(secret.secret())).isTrue();

    MAC0Message m = new MAC0Message();
    m.addAttribute(HeaderKeys.Algorithm, AlgorithmID.HMAC_SHA_256.AsCBOR(), Attribute.PROTECTED);
    m.SetContent(PAYLOAD);
    m.setExternal(AAD);
    m.Create(secret.secret());
    CoseMac0.decode(m.EncodeToBytes()).verify(secret, AAD);
  }
}
