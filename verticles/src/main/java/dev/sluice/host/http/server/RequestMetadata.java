package dev.sluice.host.http.server;

import dev.sluice.ss.spi.FrozenMetadata;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An accepted request as metadata, read from the request when asked rather than copied into a map
 * for every request (most handlers read one or two names, or none): pseudo names for the request
 * line ({@code :method}, {@code :path} below the mount, {@code :query}, {@code :authority}, {@code
 * :version}, {@code :scheme}), every header under its lower-case name with a trailing ':' (as lws's
 * direct_proto_str reads headers; a repeated header's values joined with ", "), and declared
 * metadata bound to a header name, filled from that header (as lws fills it).
 *
 * <p>The request's head does not change once dispatched, so reads from any thread see the same
 * values.
 */
final class RequestMetadata extends FrozenMetadata {

  /** Metadata names of common request headers ("user-agent" to "user-agent:"), made once each. */
  private static final Map<String, String> HEADER_KEYS = new ConcurrentHashMap<>();
  private static final int MAX_HEADER_KEYS = 512;

  private final HttpServerRequest request;
  /** Removed from the front of the request path for {@code :path}. */
  private final String mountPrefix;
  /** Declared metadata name to the request header it is filled from. */
  private final Map<String, String> headerBound;
  /** {@code :path}, made when first asked; racy but benign (always the same string). */
  private String path;

  RequestMetadata(HttpServerRequest request, String mountPrefix, Map<String, String> headerBound) {
    this.request = request;
    this.mountPrefix = mountPrefix;
    this.headerBound = headerBound;
  }

  /** {@code :path}: the request path below {@code mountPrefix}, starting with "/". */
  private static String pathInMount(HttpServerRequest request, String mountPrefix) {
    String path = request.path() == null ? "/" : request.path();
    if (!mountPrefix.isEmpty() && path.startsWith(mountPrefix)) {
      path = path.substring(mountPrefix.length());
      if (!path.startsWith("/")) {
        path = "/" + path;
      }
    }
    return path;
  }

  private String path() {
    String p = path;
    if (p == null) {
      p = pathInMount(request, mountPrefix);
      path = p;
    }
    return p;
  }

  @Override
  public String get(Object key) {
    if (!(key instanceof String name) || name.isEmpty()) {
      return null;
    }
    String bound = headerBound.get(name);
    if (bound != null) {
      String v = request.getHeader(bound);
      if (v != null) {
        return v;
      }
    }
    if (name.length() > 1 && name.charAt(name.length() - 1) == ':') {
      return header(name.substring(0, name.length() - 1));
    }
    return name.charAt(0) == ':' ? pseudo(name) : null;
  }

  private String pseudo(String name) {
    return switch (name) {
      case ":method" -> request.method().name();
      case ":path" -> path();
      case ":query" -> request.query();
      case ":authority" -> request.authority() == null ? null : request.authority().toString();
      case ":version" -> version(request);
      case ":scheme" -> scheme(request);
      default -> null;
    };
  }

  /** The values of a header asked by its lower-case name, joined; null when absent. */
  private String header(String lowerName) {
    for (int i = 0; i < lowerName.length(); i++) {
      char c = lowerName.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        return null; // metadata names of headers are lower case
      }
    }
    List<String> values = request.headers().getAll(lowerName);
    return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
  }

  @Override
  protected Map<String, String> computeAll() {
    Map<String, String> md = new HashMap<>(32);
    md.put(":method", request.method().name());
    md.put(":path", path());
    if (request.query() != null) {
      md.put(":query", request.query());
    }
    if (request.authority() != null) {
      md.put(":authority", request.authority().toString());
    }
    md.put(":version", version(request));
    md.put(":scheme", scheme(request));
    for (Map.Entry<String, String> h : request.headers()) {
      md.merge(headerKey(h.getKey()), h.getValue(), (a, b) -> a + ", " + b);
    }
    headerBound.forEach((name, header) -> {
      String v = request.getHeader(header);
      if (v != null) {
        md.put(name, v);
      }
    });
    return md;
  }

  private static String version(HttpServerRequest request) {
    HttpVersion v = request.version();
    return v == HttpVersion.HTTP_2 ? "HTTP/2" : v == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1";
  }

  private static String scheme(HttpServerRequest request) {
    return request.scheme() == null ? (request.isSSL() ? "https" : "http") : request.scheme();
  }

  /** The metadata name of a request header: lower case, with lws's trailing ':'. */
  private static String headerKey(String header) {
    String key = HEADER_KEYS.get(header);
    if (key == null) {
      key = header.toLowerCase(Locale.ROOT) + ":";
      if (HEADER_KEYS.size() < MAX_HEADER_KEYS) { // bounded, whatever names clients send
        HEADER_KEYS.put(header, key);
      }
    }
    return key;
  }
}
