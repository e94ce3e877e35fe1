package dev.sluice.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Debian client program (curl, nghttp, h2load) to completion and keeps its output. A missing
 * program fails the test naming its package: .ci/run installs it, so it is never skipped.
 */
final class ClientProgram {
  private ClientProgram() {}

  /** What the program did: its exit code, stdout as bytes, stderr as text. */
  record Result(int exit, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  static Result run(Path dir, String debianPackage, String... cmd) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin", cmd[0]))) {
      throw new IllegalStateException(cmd[0] + " is missing: install the Debian package " + debianPackage
          + " (.ci/run does)");
    }
    Path out = Files.createTempFile(dir, cmd[0], ".out");
    Path err = Files.createTempFile(dir, cmd[0], ".err");
    Process p = new ProcessBuilder(List.of(cmd)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish within 120 s");
    }
    return new Result(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
  }
}
