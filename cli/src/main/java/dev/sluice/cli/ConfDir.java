package dev.sluice.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Finds the conf directory: {@code --conf DIR}, else {@code $SLUICE_CONF}, else
 * {@code $SLUICE_HOME/conf} (bin/sluice sets SLUICE_HOME), else {@code ./conf}; when none exists
 * the defaults embedded in the jar are copied to a temporary directory, so the jar runs anywhere.
 */
final class ConfDir {
  private ConfDir() {}

  /** The files every conf directory provides; the embedded copies live under /conf in the jar. */
  static final List<String> DEFAULT_FILES = List.of("runtime.json", "policy.json", "panels.json");

  static Path locate(Path explicit) {
    if (explicit != null) {
      return explicit.toAbsolutePath().normalize();
    }
    String env = System.getenv("SLUICE_CONF");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String home = System.getenv("SLUICE_HOME");
    if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "conf"))) {
      return Path.of(home, "conf").toAbsolutePath().normalize();
    }
    Path local = Path.of("conf");
    if (Files.isRegularFile(local.resolve("runtime.json"))) {
      return local.toAbsolutePath().normalize();
    }
    return extractEmbedded();
  }

  private static Path extractEmbedded() {
    try {
      Path dir = Files.createTempDirectory("sluice-conf");
      for (String name : DEFAULT_FILES) {
        try (InputStream in = ConfDir.class.getResourceAsStream("/conf/" + name)) {
          if (in != null) {
            Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the embedded defaults: " + e.getMessage(), e);
    }
  }
}
