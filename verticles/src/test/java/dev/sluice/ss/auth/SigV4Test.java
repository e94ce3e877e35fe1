package dev.sluice.ss.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** SigV4 against AWS's published signature test suite, and its canonical forms. */
class SigV4Test {

  /** The test suite's credentials, region, service and time. */
  private static final AwsCredentials SUITE = new AwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  private static final String DATE = "20150830T123600Z";
  private static final Map<String, String> HEADERS = Map.of("Host", "example.amazonaws.com", "X-Amz-Date", DATE);

  @Test
  void getVanillaGivesAwsPublishedSignature() {
    SigV4.Signed s = SigV4.sign(new SigV4.Request("GET", "/", "", HEADERS, SigV4.EMPTY_PAYLOAD_HASH), DATE,
        "us-east-1", "service", SUITE);
    assertThat(s.canonicalRequest()).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
        + "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(s.authorization()).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/"
        + "aws4_request, SignedHeaders=host;x-amz-date, "
        + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void getVanillaQueryOrderKeyCaseSortsTheQuery() {
    SigV4.Signed s = SigV4.sign(new SigV4.Request("GET", "/", "Param2=value2&Param1=value1", HEADERS,
        SigV4.EMPTY_PAYLOAD_HASH), DATE, "us-east-1", "service", SUITE);
    assertThat(s.canonicalRequest()).contains("\nParam1=value1&Param2=value2\n");
    assertThat(s.authorization()).endsWith("Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  }

  @Test
  void queryPartsAreDecodedThenEncodedTheSigV4Way() {
    assertThat(SigV4.canonicalQuery("b=2&a=x%20y&a=1&c")).isEqualTo("a=1&a=x%20y&b=2&c=");
    assertThat(SigV4.encode("a b/~*")).isEqualTo("a%20b%2F~%2A");
    assertThat(SigV4.payloadHash(new byte[0])).isEqualTo(SigV4.EMPTY_PAYLOAD_HASH);
  }

  @Test
  void credentialsNeverShowTheirSecret() {
    assertThat(SUITE.toString()).doesNotContain("wJalr").doesNotContain("AKIDEXAMPLE");
  }
}
