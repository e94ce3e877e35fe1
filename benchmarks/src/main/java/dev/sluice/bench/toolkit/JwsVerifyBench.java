package dev.sluice.bench.toolkit;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.sluice.jose.JwsVerifier;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JWS ES256 compact verification per second: through Sluice's {@link JwsVerifier} (algorithm
 * allow-list, key selection by kid and type, alg-none refusal) and through Nimbus directly (parse
 * and verify with a verifier built once, as ours is). The difference is the wrapper's overhead.
 * See docs/BENCHMARKS.md, "Toolkit (issue 8)".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JwsVerifyBench {
  private String jws;
  private JwsVerifier ours;
  private JWSVerifier nimbus;

  @Setup
  public void setUp() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).keyID("policy-signer").generate();
    byte[] payload = new byte[1024];
    new SecureRandom().nextBytes(payload);
    JWSObject o = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("policy-signer").build(), new Payload(payload));
    o.sign(new ECDSASigner(key));
    jws = o.serialize();
    ours = new JwsVerifier(new JWKSet(key.toPublicJWK()));
    nimbus = new ECDSAVerifier(key.toPublicJWK());
    ours.verify(jws);
    if (!nimbusDirect()) {
      throw new IllegalStateException("Nimbus does not verify");
    }
  }

  @Benchmark
  public Object sluiceJwsVerifier() throws Exception {
    return ours.verify(jws);
  }

  @Benchmark
  public boolean nimbusDirect() throws Exception {
    return JWSObject.parse(jws).verify(nimbus);
  }
}
