package dev.sluice.host.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a peer program from a Debian package (curl, nghttp, lws's test client) for a test. */
final class PeerCommand {
  private PeerCommand() {}

  /**
   * Runs {@code cmd}, its output going to a file under {@code dir}; asserts that the program is
   * installed (naming the package that brings it), that it ends within a minute and exits 0.
   *
   * @return what it wrote to stdout and stderr
   */
  static String run(Path dir, String debianPackage, String... cmd) throws Exception {
    assertThat(Path.of(cmd[0])).as("%s is missing: install the Debian package %s (.ci/run does)", cmd[0],
        debianPackage).isExecutable();
    Path out = dir.resolve(Path.of(cmd[0]).getFileName() + "-" + System.nanoTime() + ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", cmd[0]).isTrue();
    String output = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s exit status; output:%n%s", cmd[0], output).isZero();
    return output;
  }
}
