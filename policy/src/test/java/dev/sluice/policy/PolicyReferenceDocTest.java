package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/policy.md has a heading for every key the parser knows, so the reference cannot fall behind. */
class PolicyReferenceDocTest {

  @Test
  void everyStreamtypeKeyHasAHeading() throws Exception {
    Path doc = Corpus.dir("lws-policies").getParent().getParent().getParent().resolve("docs/policy.md");
    List<String> headings = Files.readAllLines(doc).stream().filter(l -> l.startsWith("### "))
        .map(l -> l.substring(4).trim()).toList();
    List<String> keys = Arrays.stream(StreamKey.values()).map(StreamKey::policyName).toList();
    assertThat(headings).containsAll(keys);
    assertThat(headings).contains("release", "product", "schema-version", "via-socks5", "backoff", "conceal",
        "jitterpc", "svalidping", "svalidhup");
    assertThat(StreamKey.values()).hasSize(StreamKey.LWS_KEY_COUNT + 1 + 9); // + options + 9 extensions
  }
}
