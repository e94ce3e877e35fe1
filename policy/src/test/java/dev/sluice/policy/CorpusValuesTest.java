package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-checked values of corpus policies, read from the lws files themselves. */
class CorpusValuesTest {

  private static Policy parse(String file) throws Exception {
    return new PolicyParser().parse(Corpus.dir("lws-policies").resolve(file)).policy();
  }

  @Test
  void testsfailLocalHasItsRetryCertsTrustStoresAndStreamtypes() throws Exception {
    Policy p = parse("minimal-secure-streams-testsfail-local.json");
    assertThat(p.release()).isEqualTo("01234567");
    assertThat(p.product()).isEqualTo("myproduct");
    assertThat(p.schemaVersion()).isEqualTo(1);
    RetryPolicy r = p.retries().get("default");
    assertThat(r.backoffMs()).containsExactly(1000, 2000, 3000, 5000, 10000);
    assertThat(r.conceal()).isEqualTo(5);
    assertThat(r.jitterPercent()).isEqualTo(20);
    assertThat(r.validPingSecs()).isEqualTo(30);
    assertThat(r.validHangupSecs()).isEqualTo(35);
    assertThat(p.certs()).containsOnlyKeys("isrg_root_x1", "isrg_root_x2", "amazon_root_ca_1", "localhost_100y");
    assertThat(p.certs().get("isrg_root_x1").length()).isEqualTo(1391); // 1856 base64 characters
    StreamType t = p.streamType("t_h2_tls").orElseThrow();
    assertThat(t.protocol()).isEqualTo(Protocol.H2);
    assertThat(t.port()).isEqualTo(7682);
    assertThat(t.tls()).isTrue();
    assertThat(t.trustStore()).isEqualTo("local_test");
    assertThat(t.timeoutMs()).isEqualTo(10000);
    assertThat(t.flag(StreamKey.NGHTTP2_QUIRK_END_STREAM)).isTrue();
    assertThat(t.flag(StreamKey.H2Q_OFLOW_TXCR)).isTrue();
    assertThat(t.template(StreamKey.HTTP_URL).orElseThrow().source()).isEqualTo("/httpbin/status/200");
    StreamType cpd = p.streamType("captive_portal_detect").orElseThrow();
    assertThat(cpd.number(StreamKey.HTTP_EXPECT, 0)).isEqualTo(204);
    assertThat(cpd.flag(StreamKey.HTTP_FAIL_REDIRECT)).isTrue();
    assertThat(cpd.flag(StreamKey.OPPORTUNISTIC)).isTrue();
    StreamType bulk = p.streamType("bulk_h1").orElseThrow();
    assertThat(bulk.metadata()).containsExactly(new MetadataDecl("amount", "", 0));
    assertThat(bulk.template(StreamKey.HTTP_URL).orElseThrow().names()).containsExactly("amount");
    assertThat(p.streamType("badcert_selfsigned").orElseThrow().trustStore()).isEqualTo("le_via_isrg");
  }

  @Test
  void theDefaultPolicyBindsMetadataToHeadersDirectly() throws Exception {
    Policy p = parse("lws-default-policy.json");
    StreamType d = p.streamType("__default").orElseThrow();
    assertThat(d.endpoint().orElseThrow().source()).isEqualTo("${endpoint}");
    assertThat(d.metadata()).containsExactly(new MetadataDecl("endpoint", "", 0), new MetadataDecl("acc", "accept", 1),
        new MetadataDecl("ua", "user-agent", 2));
    assertThat(d.flag(StreamKey.DIRECT_PROTO_STR)).isTrue();
    assertThat(d.flag(StreamKey.ALLOW_REDIRECTS)).isTrue();
    assertThat(d.retry()).isEqualTo("default");
    assertThat(d.timeoutMs()).isEqualTo(2000);
  }

  @Test
  void theMetricsProxyPolicyHasServerStreamtypesWithDerCertAndKey() throws Exception {
    Policy p = parse("minimal-secure-streams-metrics-proxy.json");
    StreamType s = p.streamType("forclients").orElseThrow();
    assertThat(s.server()).isTrue();
    assertThat(s.port()).isEqualTo(19091);
    assertThat(s.string(StreamKey.WS_SUBPROTOCOL)).isEqualTo("lws-metrics-proxy");
    assertThat(s.string(StreamKey.SERVER_CERT)).isEqualTo("self_localhost");
    assertThat(s.string(StreamKey.SERVER_KEY)).isEqualTo("self_localhost_key");
    assertThat(s.metadata()).extracting(MetadataDecl::name).containsExactly("mime", "method", "path");
    assertThat(s.metadata("mime").orElseThrow().headerName()).isEqualTo("content-type");
    assertThat(p.certs().get("self_localhost_key").der()[0]).isEqualTo((byte) 0x30);
  }

  @Test
  void theSigv4PolicyNamesItsAuthAndMetadataForRegionAndService() throws Exception {
    Policy p = parse("minimal-secure-streams-sigv4.json");
    AuthPolicy a = p.auths().values().iterator().next();
    assertThat(a.type()).isEqualTo("sigv4");
    StreamType s = p.streamType("s3PutObj").orElseThrow();
    assertThat(s.string(StreamKey.USE_AUTH)).isEqualTo(a.name());
    assertThat(s.httpMethod()).isEqualTo("PUT");
    assertThat(s.string(StreamKey.AWS_REGION)).isEqualTo("region");
    assertThat(s.string(StreamKey.AWS_SERVICE)).isEqualTo("service");
    assertThat(s.flag(StreamKey.HTTP_NO_CONTENT_LENGTH)).as("false leaves the flag off").isFalse();
    assertThat(s.endpoint().orElseThrow().names()).containsExactly("s3bucket");
  }

  @Test
  void theLeniencyPoliciesKeepEveryStreamtypeBeforeTheCut() throws Exception {
    ParsedPolicy p = new PolicyParser().parse(Corpus.dir("lws-policies").resolve("ssproxy-socket.json"));
    assertThat(p.policy().streamTypes()).containsOnlyKeys("captive_portal_detect", "fetch_policy");
    assertThat(p.policy().streamType("fetch_policy").orElseThrow().trustStore()).isEqualTo("le_via_isrg");
    assertThat(p.warnings()).extracting(PolicyProblem::reason).anyMatch(r -> r.startsWith("'}' closes the array"))
        .anyMatch(r -> r.startsWith("the policy ends inside an object"));
    ParsedPolicy e = new PolicyParser().parse(Corpus.dir("lws-policies").resolve("api-test-secure-streams-embedded.json"));
    assertThat(e.warnings()).extracting(PolicyProblem::reason)
        .anyMatch(r -> r.startsWith("extra closing bracket(s) after the end of the policy"));
    assertThat(e.policy().streamTypes()).containsKey("httpbin_post");
  }

  @Test
  void overlaysSetTheirKeysOverExistingStreamtypesAndAddNewOnes() throws Exception {
    PolicyParser parser = new PolicyParser();
    Policy base = parser.parse(Corpus.dir("lws-policies").resolve("minimal-secure-streams.json")).policy();
    StreamType before = base.streamType("captive_portal_detect").orElseThrow();
    Path fragment = Corpus.dir("lws-policies").resolve("minimal-secure-streams-overlay-force-portal.json");
    Policy after = parser.overlay(base, Files.readAllBytes(fragment), fragment.toString()).policy();
    StreamType cpd = after.streamType("captive_portal_detect").orElseThrow();
    assertThat(cpd.endpoint().orElseThrow().source()).isEqualTo("google.com");
    assertThat(cpd.template(StreamKey.HTTP_URL).orElseThrow().source()).isEqualTo("/");
    assertThat(cpd.port()).isEqualTo(80);
    assertThat(cpd.number(StreamKey.HTTP_EXPECT, 0)).as("keys the fragment does not set are kept")
        .isEqualTo(before.number(StreamKey.HTTP_EXPECT, 0));
    assertThat(after.streamTypes().keySet()).containsAll(base.streamTypes().keySet());
    Policy added = parser.overlay(base, "{\"s\":[{\"extra\":{\"port\":9}}]}".getBytes(), "frag").policy();
    assertThat(added.streamType("extra").orElseThrow().port()).isEqualTo(9);
    assertThat(List.copyOf(added.streamTypes().keySet())).endsWith("extra");
  }
}
