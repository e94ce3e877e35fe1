package dev.sluice.bench.toolkit;

import COSE.AlgorithmID;
import COSE.Attribute;
import COSE.HeaderKeys;
import COSE.Message;
import COSE.MessageTag;
import COSE.OneKey;
import COSE.Sign1Message;
import com.upokecenter.cbor.CBORObject;
import dev.sluice.cose.CoseAlgorithm;
import dev.sluice.cose.CoseHeaders;
import dev.sluice.cose.CoseKey;
import dev.sluice.cose.CoseSign1;
import java.security.SecureRandom;
import java.security.Security;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * COSE_Sign1 sign and verify (decode included) per second, Sluice's {@code dev.sluice.cose} beside
 * {@code cose-java} 1.1.0 on the same key, payload and headers in the same run. The payload is 1 KB
 * (a small policy). See docs/BENCHMARKS.md, "Toolkit (issue 8)".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoseSign1Bench {
  @Param({"ES256", "EDDSA"})
  public String alg;

  private CoseAlgorithm ours;
  private CoseHeaders headers;
  private CoseKey key;
  private CoseKey publicKey;
  private OneKey theirKey;
  private OneKey theirPublicKey;
  private AlgorithmID theirAlg;
  private byte[] payload;
  private byte[] signedByUs;
  private byte[] signedByThem;

  @Setup
  public void setUp() throws Exception {
    // cose-java does EdDSA through the i2p provider, looked up by name
    Security.addProvider(new net.i2p.crypto.eddsa.EdDSASecurityProvider());
    ours = CoseAlgorithm.valueOf(alg);
    theirAlg = ours == CoseAlgorithm.ES256 ? AlgorithmID.ECDSA_256 : AlgorithmID.EDDSA;
    headers = CoseHeaders.builder().algorithm(ours).build();
    key = CoseKey.generate(ours, new SecureRandom());
    publicKey = key.publicOnly();
    // the same key pair on both sides, passed as a COSE_Key
    theirKey = new OneKey(CBORObject.DecodeFromBytes(key.encode()));
    theirPublicKey = new OneKey(CBORObject.DecodeFromBytes(publicKey.encode()));
    payload = new byte[1024];
    new SecureRandom().nextBytes(payload);
    signedByUs = sluiceSign();
    signedByThem = coseJavaSign();
    // each library verifies the other's message, so both are measured on valid input
    sluiceVerify(signedByThem);
    if (!coseJavaVerify(signedByUs)) {
      throw new IllegalStateException("cose-java does not verify our " + alg + " message");
    }
  }

  @Benchmark
  public byte[] sluiceSign() throws Exception {
    return CoseSign1.sign(headers, payload, new byte[0], key).encode();
  }

  @Benchmark
  public byte[] coseJavaSign() throws Exception {
    Sign1Message m = new Sign1Message();
    m.addAttribute(HeaderKeys.Algorithm, theirAlg.AsCBOR(), Attribute.PROTECTED);
    m.SetContent(payload);
    m.sign(theirKey);
    return m.EncodeToBytes();
  }

  @Benchmark
  public boolean sluiceVerify() throws Exception {
    return sluiceVerify(signedByUs);
  }

  @Benchmark
  public boolean coseJavaVerify() throws Exception {
    return coseJavaVerify(signedByUs);
  }

  private boolean sluiceVerify(byte[] msg) throws Exception {
    CoseSign1.decode(msg).verify(publicKey, new byte[0]);
    return true;
  }

  private boolean coseJavaVerify(byte[] msg) throws Exception {
    return ((Sign1Message) Message.DecodeFromBytes(msg, MessageTag.Sign1)).validate(theirPublicKey);
  }
}
