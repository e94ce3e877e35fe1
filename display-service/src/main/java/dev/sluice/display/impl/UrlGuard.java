package dev.sluice.display.impl;

import dev.sluice.display.DisplayException;
import dev.sluice.display.DisplayLimits;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a page or image URL may be fetched, before each request and again for every
 * redirect target. Refusals name their rule: {@code fetch.scheme}, {@code fetch.host} (not on the
 * allow-list), {@code fetch.loopback}, {@code fetch.link-local}, {@code fetch.private}, {@code
 * fetch.unspecified}, {@code fetch.multicast}, {@code fetch.dns}, {@code fetch.url}. Thread-safe.
 */
public final class UrlGuard {

  /** A URL that may be fetched, with the address to connect to (never resolved again). */
  public record Checked(URI uri, String host, int port, boolean tls, InetAddress address) {}

  private final DisplayLimits limits;
  private final List<String> names = new ArrayList<>();
  private final List<byte[][]> blocks = new ArrayList<>();

  public UrlGuard(DisplayLimits limits) {
    this.limits = limits;
    for (String entry : limits.allowHosts()) {
      byte[][] block = cidr(entry);
      if (block != null) {
        blocks.add(block);
      } else {
        names.add(entry.toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Whether {@code file:} URLs may be read. */
  public boolean localFilesAllowed() {
    return limits.allowLocalFiles();
  }

  /** Parses and checks the scheme of a URL; file: passes only when local files are allowed. */
  public URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new DisplayException("fetch.url", "not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "http", "https" -> {
        if (hostOf(uri) == null) {
          throw new DisplayException("fetch.url", url + ": no host");
        }
      }
      case "file" -> {
        if (!limits.allowLocalFiles()) {
          throw new DisplayException("fetch.scheme", url + ": file: URLs are refused (local files are not allowed)");
        }
      }
      default -> throw new DisplayException("fetch.scheme", url + ": the scheme \"" + scheme
          + "\" is refused (only http and https" + (limits.allowLocalFiles() ? ", file" : "") + ")");
    }
    return uri;
  }

  /**
   * Checks an http(s) URL: the allow-list, then every address its host has. Blocking (name
   * resolution): call it off the event loop.
   */
  public Checked check(URI uri) {
    String host = hostOf(uri).toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!names.isEmpty() || !blocks.isEmpty()) {
      if (!nameAllowed(host) && !literalAllowed(host)) {
        throw new DisplayException("fetch.host", uri + ": host \"" + host + "\" is not on the allow-list "
            + limits.allowHosts());
      }
    }
    InetAddress[] addresses = resolve(host, uri);
    for (InetAddress a : addresses) {
      refuseIfInternal(uri, host, a);
    }
    boolean tls = "https".equalsIgnoreCase(uri.getScheme());
    int port = portOf(uri);
    if (port <= 0) {
      port = tls ? 443 : 80;
    }
    return new Checked(uri, host, port, tls, addresses[0]);
  }

  /**
   * The host of a URL; java.net.URI leaves getHost() null for forms such as "127.1" that a C
   * resolver still takes as an address, so the authority is read directly then.
   */
  static String hostOf(URI uri) {
    if (uri.getHost() != null) {
      return uri.getHost();
    }
    String a = uri.getRawAuthority();
    if (a == null || a.isEmpty()) {
      return null;
    }
    a = a.substring(a.lastIndexOf('@') + 1);
    if (a.startsWith("[")) {
      int end = a.indexOf(']');
      return end > 0 ? a.substring(0, end + 1) : null;
    }
    int colon = a.indexOf(':');
    return colon >= 0 ? a.substring(0, colon) : a;
  }

  private static int portOf(URI uri) {
    if (uri.getHost() != null) {
      return uri.getPort();
    }
    String a = uri.getRawAuthority();
    int colon = a.lastIndexOf(':');
    if (colon < 0 || a.lastIndexOf(']') > colon) {
      return -1;
    }
    try {
      return Integer.parseInt(a.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new DisplayException("fetch.url", uri + ": bad port");
    }
  }

  private boolean nameAllowed(String host) {
    for (String n : names) {
      if (n.startsWith("*.") ? host.endsWith(n.substring(1)) : host.equals(n)) {
        return true;
      }
    }
    return false;
  }

  private boolean literalAllowed(String host) {
    InetAddress a = literal(host);
    return a != null && covered(a);
  }

  private static InetAddress[] resolve(String host, URI uri) {
    InetAddress lit = literal(host);
    if (lit != null) {
      return new InetAddress[] {lit};
    }
    try {
      return InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new DisplayException("fetch.dns", uri + ": host \"" + host + "\" does not resolve");
    }
  }

  private void refuseIfInternal(URI uri, String host, InetAddress a) {
    if (covered(a)) {
      return;
    }
    String rule = classify(a);
    if (rule != null) {
      throw new DisplayException(rule, uri + ": " + host + " is " + a.getHostAddress() + ", a "
          + rule.substring("fetch.".length()) + " address (allow it explicitly with an IP or CIDR in allowHosts)");
    }
  }

  /** The rule an address falls under, or null for a public address. */
  static String classify(InetAddress a) {
    byte[] b = a.getAddress();
    if (a.isLoopbackAddress() || (b.length == 4 && b[0] == 127)) {
      return "fetch.loopback";
    }
    if (a.isAnyLocalAddress() || (b.length == 4 && b[0] == 0)) {
      return "fetch.unspecified";
    }
    if (a.isLinkLocalAddress()) {
      return "fetch.link-local";
    }
    if (a.isMulticastAddress() || (b.length == 4 && (b[0] & 0xff) >= 240)) {
      return "fetch.multicast";
    }
    if (a.isSiteLocalAddress()) {
      return "fetch.private";
    }
    if (a instanceof Inet4Address && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
      return "fetch.private"; // 100.64/10, carrier-grade NAT
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return "fetch.private"; // fc00::/7 unique local
      }
      if (isMappedOrCompatible(b)) {
        try {
          return classify(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
        } catch (UnknownHostException e) {
          return "fetch.private";
        }
      }
    }
    return null;
  }

  /** ::ffff:a.b.c.d and the deprecated ::a.b.c.d, which reach the IPv4 address. */
  private static boolean isMappedOrCompatible(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
  }

  private boolean covered(InetAddress a) {
    byte[] ab = a.getAddress();
    for (byte[][] block : blocks) {
      byte[] net = block[0];
      int bits = block[1][0] & 0xff;
      if (net.length != ab.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < bits && match; i++) {
        int mask = 0x80 >> (i & 7);
        match = (net[i >> 3] & mask) == (ab[i >> 3] & mask);
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  /** "10.0.0.0/8", "127.0.0.1", "::1" → {address, {prefix bits}}; null when not an IP entry. */
  private static byte[][] cidr(String entry) {
    String[] parts = entry.split("/", 2);
    InetAddress a = literal(parts[0].replace("[", "").replace("]", ""));
    if (a == null) {
      return null;
    }
    int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : a.getAddress().length * 8;
    return new byte[][] {a.getAddress(), {(byte) bits}};
  }

  /**
   * An IP literal in any form a C resolver accepts (so "2130706433", "0x7f000001" and "0177.1"
   * are seen as 127.0.0.1 rather than sent to DNS), or null when {@code host} is a name.
   */
  static InetAddress literal(String host) {
    try {
      if (host.contains(":")) {
        return InetAddress.getByName(host); // an IPv6 literal never goes to DNS
      }
      String[] parts = host.split("\\.", -1);
      if (parts.length > 4) {
        return null;
      }
      long[] v = new long[parts.length];
      for (int i = 0; i < parts.length; i++) {
        String p = parts[i].toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
          return null;
        }
        if (p.startsWith("0x")) {
          if (p.length() == 2 || !p.substring(2).matches("[0-9a-f]{1,8}")) {
            return null;
          }
          v[i] = Long.parseLong(p.substring(2), 16);
        } else if (p.length() > 1 && p.startsWith("0")) {
          if (!p.matches("[0-7]{1,12}")) {
            return null;
          }
          v[i] = Long.parseLong(p, 8);
        } else {
          if (!p.matches("[0-9]{1,10}")) {
            return null;
          }
          v[i] = Long.parseLong(p);
        }
      }
      long addr = 0;
      for (int i = 0; i < parts.length - 1; i++) {
        if (v[i] > 255) {
          return null;
        }
        addr |= v[i] << (24 - 8 * i);
      }
      long last = v[parts.length - 1];
      if (last >= 1L << (32 - 8 * (parts.length - 1))) {
        return null;
      }
      addr |= last;
      return InetAddress.getByAddress(new byte[] {(byte) (addr >> 24), (byte) (addr >> 16), (byte) (addr >> 8),
          (byte) addr});
    } catch (UnknownHostException | NumberFormatException e) {
      return null;
    }
  }
}
