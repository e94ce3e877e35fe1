package dev.sluice.ss.spi;

import dev.sluice.policy.StreamKey;
import dev.sluice.policy.StreamType;
import dev.sluice.policy.Template;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Where a client stream connects, worked out as lws does at connect time: {@code endpoint} with
 * its {@code ${metadata}} expanded is a host name, a URL that overrides host, port and path (the
 * schemes http, ws and mqtt turn TLS off; https, wss and mqtts turn it on), or {@code +path} for a
 * Unix socket ({@code +@name} for Linux's abstract namespace).
 *
 * @param host the host name or address ("" for a Unix socket)
 * @param port the TCP port (the protocol's default when the policy gives none)
 * @param tls whether to use TLS
 * @param path the request path for HTTP and ws, always starting with '/'
 * @param unixPath the Unix socket path, or null for TCP
 */
public record Endpoint(String host, int port, boolean tls, String path, String unixPath) {

  /**
   * Resolves the endpoint of {@code type} with {@code metadata}.
   *
   * @param defaultPlainPort the port without TLS when the policy gives none (80, 1883...)
   * @param defaultTlsPort the port with TLS when the policy gives none (443, 8883...)
   * @throws IllegalArgumentException naming what is wrong with the expanded endpoint
   */
  public static Endpoint resolve(StreamType type, Map<String, String> metadata, int defaultPlainPort,
      int defaultTlsPort) {
    String ep = type.endpoint().map(t -> t.expand(metadata::get)).orElse("").trim();
    if (ep.isEmpty()) {
      throw new IllegalArgumentException("streamtype \"" + type.name() + "\" has an empty endpoint"
          + (type.endpoint().map(Template::isConstant).orElse(true) ? "" : " (set its metadata)"));
    }
    String urlPath = "";
    boolean tls = type.tls();
    int port = type.port();
    String host = ep;
    String unixPath = null;
    if (ep.startsWith("+")) {
      unixPath = ep.substring(1);
      if (unixPath.isEmpty()) {
        throw new IllegalArgumentException("endpoint \"+\" names no Unix socket");
      }
      host = "localhost";
    } else if (ep.contains("://")) {
      URI uri;
      try {
        uri = new URI(ep);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("endpoint \"" + ep + "\" is not a valid URL: " + e.getReason());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      switch (scheme) {
        case "http", "ws", "mqtt" -> tls = false;
        case "https", "wss", "mqtts" -> tls = true;
        default -> throw new IllegalArgumentException("endpoint \"" + ep + "\" has an unknown scheme \"" + scheme
            + "\" (http, https, ws, wss, mqtt, mqtts)");
      }
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("endpoint \"" + ep + "\" has no host");
      }
      host = uri.getHost();
      if (uri.getPort() > 0) {
        port = uri.getPort();
      }
      urlPath = uri.getRawPath() == null ? "" : uri.getRawPath();
      if (uri.getRawQuery() != null) {
        urlPath += "?" + uri.getRawQuery();
      }
    } else if (ep.indexOf('/') >= 0 || ep.indexOf(' ') >= 0) {
      throw new IllegalArgumentException("endpoint \"" + ep + "\" is neither a host name nor a URL");
    }
    if (port == 0) {
      port = tls ? defaultTlsPort : defaultPlainPort;
    }
    String url = type.template(StreamKey.HTTP_URL).map(t -> t.expand(metadata::get)).orElse("");
    return new Endpoint(host, port, tls, joinPath(urlPath, url), unixPath);
  }

  private static String joinPath(String urlPath, String httpUrl) {
    String base = urlPath.isEmpty() ? "/" : urlPath;
    if (httpUrl.isEmpty()) {
      return base.startsWith("/") ? base : "/" + base;
    }
    String rel = httpUrl.startsWith("/") ? httpUrl.substring(1) : httpUrl;
    String joined = (base.endsWith("/") ? base : base + "/") + rel;
    return joined.startsWith("/") ? joined : "/" + joined;
  }

  /** "host:port", or "unix:path", for logs. */
  public String authority() {
    return unixPath != null ? "unix:" + unixPath : host + ":" + port;
  }
}
