package dev.sluice.ss.spi;

import dev.sluice.policy.StreamType;
import io.vertx.core.net.SocketAddress;
import java.util.Optional;

/**
 * Where a server streamtype listens, as lws reads a server's {@code endpoint}: an interface address
 * ("" for all), {@code +path} for a Unix socket, or {@code !name} to attach to another listener
 * (no address of its own).
 */
public final class ListenAddress {
  private ListenAddress() {}

  /** The endpoint as written, "" when unset. */
  public static String endpoint(StreamType type) {
    return type.endpoint().map(t -> t.expand(k -> null)).orElse("").trim();
  }

  /** The address to bind, or empty for a {@code !name} endpoint. */
  public static Optional<SocketAddress> of(StreamType type) {
    String ep = endpoint(type);
    if (ep.startsWith("!")) {
      return Optional.empty();
    }
    if (ep.startsWith("+")) {
      return Optional.of(SocketAddress.domainSocketAddress(ep.substring(1)));
    }
    return Optional.of(SocketAddress.inetSocketAddress(type.port(), ep.isEmpty() ? "0.0.0.0" : ep));
  }

  /** "host:port", "*:port" or "+path", for logs. */
  public static String describe(StreamType type, int actualPort) {
    String ep = endpoint(type);
    return ep.startsWith("+") ? ep : (ep.isEmpty() ? "*" : ep) + ":" + actualPort;
  }
}
