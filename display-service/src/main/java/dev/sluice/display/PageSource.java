package dev.sluice.display;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a page comes from: a URL fetched under the service's limits, a local file (when local files
 * are allowed), or HTML given inline with the base URL its relative links resolve against.
 */
public sealed interface PageSource {

  /** A page at an http(s) (or, when allowed, file:) URL. */
  record Url(String url) implements PageSource {
    public Url {
      Objects.requireNonNull(url, "url");
    }
  }

  /** Inline HTML; {@code baseUrl} may be null (relative links then fail as not found). */
  record Html(String html, String baseUrl) implements PageSource {
    public Html {
      Objects.requireNonNull(html, "html");
    }
  }

  static PageSource url(String url) {
    return new Url(url);
  }

  static PageSource file(Path file) {
    return new Url(file.toAbsolutePath().normalize().toUri().toString());
  }

  static PageSource html(String html, String baseUrl) {
    return new Html(html, baseUrl);
  }
}
