package dev.sluice.web.impl;

import dev.sluice.host.http.server.RequestBodies;
import dev.sluice.web.WebServerOptions;
import dev.sluice.web.WebServerOptions.MountOptions;
import dev.sluice.web.WebServerOptions.MountType;
import dev.sluice.web.WebServerOptions.VhostOptions;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One virtual host: normalises the request path, picks the mount with the longest matching
 * mountpoint, enforces the mount's body limit, and writes the access log line.
 */
final class Vhost {

  private static final Logger log = LoggerFactory.getLogger(Vhost.class);

  private record Mounted(String mountpoint, Mount mount, boolean readsBody) {}

  private final VhostOptions options;
  /** Longest mountpoint first, so "/docs/api" wins over "/docs" and "/". */
  private final List<Mounted> mounts = new ArrayList<>();
  private final AccessLog accessLog;

  Vhost(Vertx vertx, VhostOptions options, WebServerOptions web) {
    this.options = options;
    this.accessLog = options.accessLog() ? new AccessLog(options.name()) : null;
    for (MountOptions m : options.mounts()) {
      Mount mount = switch (m.type()) {
        case FILES -> new FileMount(vertx, options.name(), m, web.limits());
        case REDIRECT -> new RedirectMount(m);
        case STREAM -> new StreamMount(vertx, m);
        case LANDING -> new LandingMount(vertx, m, web);
      };
      mounts.add(new Mounted(m.mountpoint(), mount, m.type() == MountType.STREAM));
    }
    mounts.sort(Comparator.comparingInt((Mounted m) -> m.mountpoint.length()).reversed());
  }

  String name() {
    return options.name();
  }

  VhostOptions options() {
    return options;
  }

  /** Opens every mount. */
  Future<Void> open() {
    List<Future<Void>> all = new ArrayList<>();
    mounts.forEach(m -> all.add(m.mount.open()));
    return Future.all(all).mapEmpty();
  }

  /** Whether this vhost answers for the Host header value {@code host} (lower case, no port). */
  boolean answers(String host) {
    for (String h : options.hostnames()) {
      if (h.equals("*") || h.equals(host)) {
        return true;
      }
    }
    return false;
  }

  /** Called once {@code req}'s response has ended: the access log line. */
  void ended(HttpServerRequest req) {
    if (accessLog != null && accessLog.enabled()) {
      accessLog.log(req);
    }
  }

  void handle(HttpServerRequest req) {
    String path;
    try {
      path = UrlPath.normalize(req.path());
    } catch (UrlPath.BadPathException e) {
      log.debug("vhost {}: {} refused: {}", options.name(), AccessLog.clean(String.valueOf(req.uri())), e.getMessage());
      Responses.error(req, 400, e.getMessage());
      return;
    }
    for (Mounted m : mounts) {
      String rest = below(m.mountpoint, path);
      if (rest != null) {
        if (withinBodyLimit(req, m)) {
          m.mount.handle(req, rest);
        }
        return;
      }
    }
    Responses.error(req, 404, "no mount serves this path");
  }

  /** {@code path} below {@code mountpoint} ("/" at least), or null when it is not under it. */
  private static String below(String mountpoint, String path) {
    if (mountpoint.equals("/")) {
      return path;
    }
    if (!path.startsWith(mountpoint)) {
      return null;
    }
    if (path.length() == mountpoint.length()) {
      return "/";
    }
    return path.charAt(mountpoint.length()) == '/' ? path.substring(mountpoint.length()) : null;
  }

  /**
   * Refuses a body over the mount's limit: at once when Content-Length says so, else when the
   * bytes received pass it (for mounts that do not read the body themselves; a stream mount's
   * dispatcher counts its own).
   */
  private boolean withinBodyLimit(HttpServerRequest req, Mounted m) {
    long max = m.mount.maxBodyBytes();
    String cl = req.getHeader(HttpHeaderNames.CONTENT_LENGTH);
    if (cl != null) {
      long n;
      try {
        n = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        n = Long.MAX_VALUE;
      }
      if (n > max) {
        tooLarge(req, max);
        return false;
      }
    }
    // A request without a body has nothing to count, so no handler per request.
    if (!m.readsBody && !RequestBodies.absent(req) && !req.isEnded()) {
      long[] seen = {0};
      req.handler(b -> {
        seen[0] += b.length();
        if (seen[0] > max) {
          req.handler(null);
          tooLarge(req, max);
        }
      });
    }
    return true;
  }

  private void tooLarge(HttpServerRequest req, long max) {
    log.info("vhost {}: request body for {} over the mount's limit of {} bytes; refused",
        options.name(), AccessLog.clean(req.path()), max);
    if (req.response().headWritten()) {
      closeOrReset(req);
      return;
    }
    if (req.version() != HttpVersion.HTTP_2) {
      req.response().putHeader("connection", "close");
    }
    Responses.error(req, 413, "request body exceeds " + max + " bytes").onComplete(v -> closeOrReset(req));
  }

  private static void closeOrReset(HttpServerRequest req) {
    if (req.version() == HttpVersion.HTTP_2) {
      req.response().reset(0x8); // CANCEL: stop the peer sending the rest of the body
    } else {
      req.connection().close();
    }
  }
}
