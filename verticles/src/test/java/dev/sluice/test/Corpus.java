package dev.sluice.test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the test corpus: {@code -Dsluice.corpus=DIR}, else {@code testdata/corpus} in the repository
 * (searched upward from the module directory), else {@code shared/corpus} beside it; fails with a
 * clear message when it is missing.
 */
public final class Corpus {
  private Corpus() {}

  public static Path dir(String sub) {
    String override = System.getProperty("sluice.corpus");
    Path base = override != null ? Path.of(override) : find();
    Path dir = base.resolve(sub);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("corpus directory " + dir + " is missing; set -Dsluice.corpus=DIR");
    }
    return dir;
  }

  private static Path find() {
    Path p = Path.of("").toAbsolutePath();
    for (int i = 0; i < 5 && p != null; i++, p = p.getParent()) {
      Path t = p.resolve("testdata/corpus");
      if (Files.isDirectory(t)) {
        return t;
      }
      Path c = p.resolve("shared/corpus");
      if (Files.isDirectory(c)) {
        return c;
      }
      Path sibling = p.resolveSibling("shared/corpus");
      if (Files.isDirectory(sibling)) {
        return sibling;
      }
    }
    throw new IllegalStateException("cannot find testdata/corpus or shared/corpus above " + Path.of("").toAbsolutePath()
        + "; set -Dsluice.corpus=DIR");
  }
}
