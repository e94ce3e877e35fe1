package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every lws policy of the corpus is accepted unchanged. */
class CorpusPoliciesTest {

  static Stream<Path> policies() throws IOException {
    try (Stream<Path> s = Files.list(Corpus.dir("lws-policies"))) {
      List<Path> l = s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().contains("-overlay-"))
          .sorted().toList();
      assertThat(l).hasSizeGreaterThanOrEqualTo(25);
      return l.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void everyCorpusPolicyIsAccepted(Path file) throws Exception {
    ParsedPolicy parsed;
    try {
      parsed = new PolicyParser().parse(file);
    } catch (PolicyException e) {
      throw new AssertionError(String.join("\n", e.errors().stream().map(p -> p.format(file.getFileName().toString())).toList()));
    }
    assertThat(parsed.policy().streamTypes()).isNotEmpty();
    parsed.warnings().forEach(w -> System.out.println(w.format(file.getFileName().toString())));
  }
}
