package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.web.impl.UrlPath;
import org.junit.jupiter.api.Test;

/** Path normalisation: what each request path becomes, and what is refused and why. */
class UrlPathTest {

  @Test
  void dotsAndEmptySegmentsAreResolvedAndClampedAtTheRoot() throws Exception {
    String[][] cases = {
        {"/", "/"}, {"/a/b", "/a/b"}, {"/a/b/", "/a/b/"}, {"//a///b", "/a/b"}, {"/./a/./b", "/a/b"},
        {"/a/../b", "/b"}, {"/../../../../etc/passwd", "/etc/passwd"}, {"/..", "/"}, {"/a/..", "/"},
        {"/a/b/..", "/a/"}, {"/a/.", "/a/"}, {"/%2e%2e%2f../../../etc/passwd", "/etc/passwd"},
        {"/%2E%2E/x", "/x"}, {"/a%20b", "/a b"}, {"/caf%C3%A9", "/café"}, {"/...", "/..."},
    };
    for (String[] c : cases) {
      assertThat(UrlPath.normalize(c[0])).as(c[0]).isEqualTo(c[1]);
    }
  }

  @Test
  void badPathsAreRefusedWithTheRuleTheyBreak() {
    String[][] cases = {
        {"nope", "request target is not an absolute path"},
        {"%2f..", "request target is not an absolute path"},
        {"*", "request target is not an absolute path"},
        {"/a%00b", "control character 0x0 in path"},
        {"/a%0ab", "control character 0xa in path"},
        {"/..%5c..%5cx", "backslash in path"},
        {"/a\\b", "backslash in path"},
        {"/%zz", "bad percent-escape \"%zz\" at offset 1"},
        {"/ab%2", "truncated percent-escape at offset 3"},
        {"/%c0%ae%c0%ae/", "path is not valid UTF-8 once decoded"},
        {"/%ff", "path is not valid UTF-8 once decoded"},
        {"/caf\u00e9", "raw non-ASCII character in path (it must be percent-encoded)"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> UrlPath.normalize(c[0])).as(c[0]).hasMessage(c[1]);
    }
  }

  @Test
  void theShortcutForCleanPathsAgreesWithResolvingTheSegments() {
    String[] parts = {"", ".", "..", "a", "b.c", ".d", "..e", "f..", "...", "x"};
    java.util.Random r = new java.util.Random(11);
    int clean = 0;
    for (int trial = 0; trial < 20_000; trial++) {
      StringBuilder p = new StringBuilder();
      int n = 1 + r.nextInt(5);
      for (int i = 0; i < n; i++) {
        p.append('/').append(parts[r.nextInt(parts.length)]);
      }
      if (r.nextBoolean()) {
        p.append('/');
      }
      String path = p.toString();
      if (UrlPath.alreadyNormal(path)) {
        clean++;
        assertThat(UrlPath.resolveSegments(path)).as(path).isEqualTo(path);
      } else {
        assertThat(UrlPath.resolveSegments(path)).as(path).isNotEqualTo(path);
      }
    }
    assertThat(clean).as("both kinds were tried").isBetween(1000, 19_000);
  }
}
