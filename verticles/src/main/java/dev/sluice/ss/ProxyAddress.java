package dev.sluice.ss;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where an SS proxy is, for {@link SecureStreams#connect}: a Unix socket ({@code uds:PATH}, or
 * {@code uds:@NAME} in Linux's abstract namespace), TCP ({@code tcp:HOST:PORT}), or a command
 * whose stdin and stdout carry lws's transport mux ({@code stdio:CMD ARGS...}, the byte-pipe case,
 * as a UART would carry it).
 */
public final class ProxyAddress {

  /** How the proxy is reached. */
  public enum Kind { UDS, TCP, STDIO }

  /** lws's default proxy address. */
  public static final String DEFAULT_UDS = "@proxy.ss.lws";

  private final Kind kind;
  private final String path;
  private final String host;
  private final int port;
  private final List<String> command;

  private ProxyAddress(Kind kind, String path, String host, int port, List<String> command) {
    this.kind = kind;
    this.path = path;
    this.host = host;
    this.port = port;
    this.command = command;
  }

  /** A socket path, or {@code @name} in the abstract namespace (needs Vert.x's epoll transport). */
  public static ProxyAddress uds(String path) {
    if (path == null || path.isEmpty() || path.equals("@")) {
      throw new IllegalArgumentException("uds: wants a socket path or @name, got \"" + path + "\"");
    }
    return new ProxyAddress(Kind.UDS, path, null, -1, List.of());
  }

  public static ProxyAddress tcp(String host, int port) {
    if (host == null || host.isEmpty() || port < 1 || port > 65535) {
      throw new IllegalArgumentException("tcp: wants HOST:PORT with a port from 1 to 65535, got "
          + host + ":" + port);
    }
    return new ProxyAddress(Kind.TCP, null, host, port, List.of());
  }

  /** A command to start; its stdin and stdout carry the muxed wire. */
  public static ProxyAddress stdio(List<String> command) {
    if (command == null || command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("stdio: wants a command");
    }
    return new ProxyAddress(Kind.STDIO, null, null, -1, List.copyOf(command));
  }

  /**
   * {@code uds:PATH}, {@code uds:@NAME}, {@code tcp:HOST:PORT} or {@code stdio:CMD ARGS...} (the
   * command split at spaces).
   */
  public static ProxyAddress parse(String text) {
    Objects.requireNonNull(text, "address");
    if (text.startsWith("uds:")) {
      return uds(text.substring(4));
    }
    if (text.startsWith("tcp:")) {
      String rest = text.substring(4);
      int colon = rest.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("tcp: wants HOST:PORT, got \"" + rest + "\"");
      }
      try {
        return tcp(rest.substring(0, colon), Integer.parseInt(rest.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("tcp: port \"" + rest.substring(colon + 1)
            + "\" is not a number");
      }
    }
    if (text.startsWith("stdio:")) {
      return stdio(Arrays.stream(text.substring(6).trim().split("\\s+"))
          .filter(s -> !s.isEmpty()).toList());
    }
    throw new IllegalArgumentException("a proxy address is uds:PATH, uds:@NAME, tcp:HOST:PORT or"
        + " stdio:CMD, not \"" + text + "\"");
  }

  public Kind kind() {
    return kind;
  }

  /** The socket path or {@code @name}; null unless UDS. */
  public String path() {
    return path;
  }

  /** Null unless TCP. */
  public String host() {
    return host;
  }

  /** -1 unless TCP. */
  public int port() {
    return port;
  }

  /** Empty unless STDIO. */
  public List<String> command() {
    return command;
  }

  /** Whether the socket is in Linux's abstract namespace. */
  public boolean isAbstract() {
    return kind == Kind.UDS && path.startsWith("@");
  }

  @Override
  public String toString() {
    return switch (kind) {
      case UDS -> "uds:" + path;
      case TCP -> "tcp:" + host + ":" + port;
      case STDIO -> "stdio:" + String.join(" ", command);
    };
  }
}
