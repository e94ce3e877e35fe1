package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What lws tolerates is accepted, and each tolerance is reported with its position. */
class PolicyWarningsTest {

  private static ParsedPolicy parse(String json) throws PolicyException {
    return new PolicyParser().parse(json, "w.json");
  }

  private static String warnings(ParsedPolicy p) {
    return String.join("\n", p.warnings().stream().map(w -> w.format("w.json")).toList());
  }

  @Test
  void aTrailingCommaIsAcceptedWithAWarning() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"port\":1,}},]}");
    assertThat(p.policy().streamType("a").orElseThrow().port()).isEqualTo(1);
    assertThat(warnings(p)).isEqualTo(
        "w.json:1:21: /s/0/a: trailing comma before '}' (accepted, as lws does; remove it)\n"
            + "w.json:1:24: /s: trailing comma before ']' (accepted, as lws does; remove it)");
  }

  @Test
  void aBraceClosingAnArrayIsAcceptedWithAWarning() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{}}}}");
    assertThat(p.policy().streamTypes()).containsOnlyKeys("a");
    assertThat(warnings(p)).startsWith("w.json:1:15: /s: '}' closes the array opened at line 1:6");
  }

  @Test
  void aPolicyCutShortKeepsWhatWasComplete() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"port\":80},\"b\":{\"port\":8");
    assertThat(p.policy().streamTypes()).containsOnlyKeys("a", "b");
    assertThat(p.policy().streamType("b").orElseThrow().has(StreamKey.PORT)).as("the cut-off value is lost").isFalse();
    assertThat(warnings(p)).isEqualTo("w.json:1:37: /s/0/b/port: the policy ends inside the number 8"
        + " (accepted, as lws does: what was complete is kept; the rest is lost)");
  }

  @Test
  void aNumberGivenAsAStringIsReadAsLwsReadsIt() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"port\":\"443\"}}]}");
    assertThat(p.policy().streamType("a").orElseThrow().port()).isEqualTo(443);
    assertThat(warnings(p)).isEqualTo("w.json:1:20: /s/0/a/port: number given as a string \"443\""
        + " (accepted, as lws reads it with atoi; write it without quotes)");
  }

  @Test
  void aDuplicateStreamtypeIsAWarningAndTheLaterOneWins() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"port\":1}},{\"a\":{\"port\":2}}]}");
    assertThat(p.policy().streamType("a").orElseThrow().port()).isEqualTo(2);
    assertThat(warnings(p)).isEqualTo("w.json:1:25: /s/1/a: duplicate streamtype \"a\" (first at line 1:8);"
        + " this later one is used, as in lws");
  }

  @Test
  void anUnknownKeyIsIgnoredWithASuggestionForATypo() throws Exception {
    ParsedPolicy p = parse("{\"aux\":1,\"s\":[{\"a\":{\"prot\":80,\"sluice_nope\":1}}]}");
    assertThat(warnings(p)).contains(
        "w.json:1:2: /aux: unknown key \"aux\" ignored, as lws ignores it",
        "/s/0/a/prot: unknown key \"prot\" ignored, as lws ignores unknown keys (did you mean \"port\"?)",
        "/s/0/a/sluice_nope: unknown Sluice extension key \"sluice_nope\" ignored");
  }

  @Test
  void falseLeavesAFlagOffWithoutAWarning() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"tls\":false}}]}");
    assertThat(p.policy().streamType("a").orElseThrow().tls()).isFalse();
    assertThat(p.warnings()).isEmpty();
  }

  @Test
  void theOldTrustStoreFormIsIgnoredAsLwsIgnoresIt() throws Exception {
    ParsedPolicy p = parse("{\"trust_stores\":[{\"le_via_isrg\":[\"x\"]}]}");
    assertThat(p.policy().trustStores()).isEmpty();
    assertThat(warnings(p)).contains("the old {\"<name>\": [...]} form is ignored by lws too",
        "trust store entry without \"name\" ignored, as lws ignores it");
  }

  @Test
  void pluginsAreParsedAndIgnoredAsDeprecated() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"plugins\":[\"x\"]}}]}");
    assertThat(warnings(p)).isEqualTo("w.json:1:23: /s/0/a/plugins: \"plugins\" is deprecated and ignored, as in lws");
  }

  @Test
  void aByteOrderMarkIsSkippedWithAWarning() throws Exception {
    byte[] body = "{\"s\":[]}".getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    ParsedPolicy p = new PolicyParser().parse(withBom, "w.json");
    assertThat(warnings(p)).isEqualTo("w.json:1:1: UTF-8 byte order mark skipped (lws would refuse it; remove it)");
  }

  @Test
  void aRideshareToAnUnknownStreamtypeIsAWarning() throws Exception {
    ParsedPolicy p = parse("{\"s\":[{\"a\":{\"rideshare\":\"b\"}}]}");
    assertThat(warnings(p)).isEqualTo("w.json:1:25: /s/0/a/rideshare: rideshare names streamtype \"b\","
        + " which the policy does not define");
  }
}
