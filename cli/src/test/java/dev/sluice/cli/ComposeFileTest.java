package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The repository's docker-compose.yml is valid Compose (checked by dclint, from npm, which carries the
 * compose-spec schema) and every service's command is a valid sluice command line.
 */
class ComposeFileTest {

  private static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("docker-compose.yml"))) {
      p = p.getParent();
    }
    assertThat(p).as("a docker-compose.yml above " + Path.of("").toAbsolutePath()).isNotNull();
    return p;
  }

  @Test
  void everyServiceCommandParsesAsASluiceCommandLine() throws Exception {
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(repoRoot().resolve("docker-compose.yml").toFile());
    int sluiceServices = 0;
    for (var it = compose.get("services").fields(); it.hasNext(); ) {
      var service = it.next();
      if (!service.getValue().has("build")) {
        continue;
      }
      sluiceServices++;
      List<String> args = new ArrayList<>();
      service.getValue().get("command").forEach(a -> args.add(a.asText()));
      CommandLine cli = new CommandLine(new Main());
      CommandLine.ParseResult parsed = cli.parseArgs(args.toArray(new String[0]));
      assertThat(parsed.subcommand()).as(service.getKey()).isNotNull();
      assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
    }
    assertThat(sluiceServices).isEqualTo(2);
  }

  @Test
  void dclintFindsNoErrors() throws Exception {
    Process p = new ProcessBuilder("npx", "--yes", "dclint@3.1.0", "docker-compose.yml")
        .directory(repoRoot().toFile()).redirectErrorStream(true).start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done).as("dclint finished").isTrue();
    assertThat(p.exitValue()).as("dclint exit code; its output:\n" + out).isZero();
  }
}
