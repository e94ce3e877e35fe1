package dev.sluice.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code "web"} section of runtime.json, read strictly: an unknown key, a wrong type or a value
 * out of range fails with the key's path ({@code web.vhosts[0].mounts[1].root: ...}). Relative file
 * names resolve against the conf directory. Immutable.
 *
 * @param limits what every listener enforces
 * @param vhosts the virtual hosts; the first one on a listener answers requests whose Host names none
 * @param echoStreamtypes server streamtypes of the policy to serve with the built-in echo handler
 */
public record WebServerOptions(Limits limits, List<VhostOptions> vhosts, List<String> echoStreamtypes) {

  public WebServerOptions {
    vhosts = List.copyOf(vhosts);
    echoStreamtypes = List.copyOf(echoStreamtypes);
  }

  /**
   * Limits of every listener.
   *
   * @param idleTimeoutMs a connection with no traffic either way for this long is closed
   * @param headerTimeoutMs a connection must complete a request's headers within this long of opening
   *     or of its previous response ending (slowloris); closed otherwise
   * @param maxHeaderSize bytes of all request headers (h1: 431 beyond; h2: MAX_HEADER_LIST_SIZE)
   * @param maxInitialLineLength bytes of the h1 request line (414 beyond)
   * @param maxConcurrentStreams h2 SETTINGS_MAX_CONCURRENT_STREAMS
   * @param shutdownTimeoutMs how long undeploying waits for requests in flight
   * @param metadataCacheMs how long a file's metadata (and small content) is trusted before re-reading
   * @param smallFileBytes files up to this size are kept in memory after their first read
   * @param cacheBytes total bytes of small files kept in memory per vhost
   */
  public record Limits(int idleTimeoutMs, int headerTimeoutMs, int maxHeaderSize, int maxInitialLineLength,
      int maxConcurrentStreams, int shutdownTimeoutMs, int metadataCacheMs, int smallFileBytes, int cacheBytes) {

    public static final Limits DEFAULTS = new Limits(30_000, 10_000, 8192, 4096, 100, 5000, 1000, 64 << 10, 4 << 20);
  }

  /**
   * A virtual host.
   *
   * @param name used in log lines and the access log's logger name ({@code dev.sluice.web.access.NAME})
   * @param hostnames Host header values it answers (lower case, no port); "*" for any
   * @param listeners where it listens
   * @param mounts URL prefixes and what serves them
   * @param accessLog whether to log each request in the combined log format
   */
  public record VhostOptions(String name, List<String> hostnames, List<ListenerOptions> listeners,
      List<MountOptions> mounts, boolean accessLog) {

    public VhostOptions {
      hostnames = List.copyOf(hostnames);
      listeners = List.copyOf(listeners);
      mounts = List.copyOf(mounts);
    }
  }

  /**
   * A listening socket; with {@code certPem}/{@code keyPem} it speaks TLS with ALPN (h2, then
   * http/1.1), without them h1 and, with {@code h2c}, h2 with prior knowledge (and h2c upgrade).
   *
   * @param certPem PEM certificate chain, or null for no TLS
   * @param keyPem PEM private key, or null for no TLS
   * @param h2c whether a cleartext listener also speaks h2c. Vert.x 5.0.7 then creates an HTTP/1
   *     connection only once its first request's headers are complete, so the header deadline
   *     covers that first request only without h2c (or with TLS); see docs/web-server.md
   */
  public record ListenerOptions(String host, int port, Path certPem, Path keyPem, boolean h2c) {

    public boolean tls() {
      return certPem != null;
    }

    public String address() {
      return host + ":" + port;
    }
  }

  /** What a mount serves. */
  public enum MountType {
    /** Files under a directory. */
    FILES,
    /** A fixed redirect. */
    REDIRECT,
    /** A server streamtype of the policy. */
    STREAM,
    /** The built-in landing page and its status.json. */
    LANDING;

    static MountType of(String s, String at) {
      for (MountType t : values()) {
        if (t.name().toLowerCase(Locale.ROOT).equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException(at + ": unknown mount type \"" + s
          + "\" (files, redirect, stream, landing)");
    }
  }

  /**
   * A URL prefix and what serves it.
   *
   * @param mountpoint "/" or a prefix such as "/docs" (no trailing slash)
   * @param root FILES: the directory
   * @param index FILES: the file served for a directory
   * @param cacheControl FILES and LANDING: the Cache-Control value, or null for none
   * @param status REDIRECT: 301, 302, 303, 307 or 308
   * @param location REDIRECT: where to
   * @param streamtype STREAM: the server streamtype
   * @param maxBodyBytes request bodies larger than this get 413 and the connection closed
   */
  public record MountOptions(String mountpoint, MountType type, Path root, String index, String cacheControl,
      int status, String location, String streamtype, long maxBodyBytes) {}

  /** Reads the section; {@code confDir} (may be null) resolves relative paths. */
  public static WebServerOptions fromJson(JsonObject json, Path confDir) {
    Reader r = new Reader(json, "web", confDir);
    r.only("enabled", "limits", "vhosts", "echoStreamtypes");
    Limits limits = limits(r.object("limits"));
    List<VhostOptions> vhosts = new ArrayList<>();
    List<Reader> vs = r.objects("vhosts");
    for (Reader v : vs) {
      vhosts.add(vhost(v));
    }
    if (vhosts.stream().map(VhostOptions::name).distinct().count() != vhosts.size()) {
      throw new IllegalArgumentException("web.vhosts: two vhosts have the same name");
    }
    return new WebServerOptions(limits, vhosts, r.strings("echoStreamtypes"));
  }

  private static Limits limits(Reader r) {
    Limits d = Limits.DEFAULTS;
    r.only("idleTimeoutMs", "headerTimeoutMs", "maxHeaderSize", "maxInitialLineLength", "maxConcurrentStreams",
        "shutdownTimeoutMs", "metadataCacheMs", "smallFileBytes", "cacheBytes");
    return new Limits(r.integer("idleTimeoutMs", d.idleTimeoutMs(), 1, Integer.MAX_VALUE),
        r.integer("headerTimeoutMs", d.headerTimeoutMs(), 1, Integer.MAX_VALUE),
        r.integer("maxHeaderSize", d.maxHeaderSize(), 256, 1 << 20),
        r.integer("maxInitialLineLength", d.maxInitialLineLength(), 64, 1 << 20),
        r.integer("maxConcurrentStreams", d.maxConcurrentStreams(), 1, 10_000),
        r.integer("shutdownTimeoutMs", d.shutdownTimeoutMs(), 0, Integer.MAX_VALUE),
        r.integer("metadataCacheMs", d.metadataCacheMs(), 0, Integer.MAX_VALUE),
        r.integer("smallFileBytes", d.smallFileBytes(), 0, 1 << 24),
        r.integer("cacheBytes", d.cacheBytes(), 0, 1 << 30));
  }

  private static VhostOptions vhost(Reader r) {
    r.only("name", "hostnames", "listeners", "mounts", "accessLog");
    String name = r.string("name", null);
    if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(r.at("name") + ": needs letters, digits, '.', '_' or '-', got " + name);
    }
    List<String> hostnames = r.strings("hostnames").stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    List<ListenerOptions> listeners = new ArrayList<>();
    for (Reader l : r.objects("listeners")) {
      listeners.add(listener(l));
    }
    if (listeners.isEmpty()) {
      throw new IllegalArgumentException(r.at("listeners") + ": a vhost needs at least one listener");
    }
    List<MountOptions> mounts = new ArrayList<>();
    for (Reader m : r.objects("mounts")) {
      mounts.add(mount(m));
    }
    if (mounts.stream().map(MountOptions::mountpoint).distinct().count() != mounts.size()) {
      throw new IllegalArgumentException(r.at("mounts") + ": two mounts have the same mountpoint");
    }
    return new VhostOptions(name, hostnames.isEmpty() ? List.of("*") : hostnames, listeners, mounts,
        r.bool("accessLog", true));
  }

  private static ListenerOptions listener(Reader r) {
    r.only("host", "port", "certPem", "keyPem", "h2c");
    Path cert = r.path("certPem");
    Path key = r.path("keyPem");
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(r.at("certPem") + ": TLS needs both certPem and keyPem");
    }
    return new ListenerOptions(r.string("host", "127.0.0.1"), r.integer("port", 7681, 0, 65535), cert, key,
        r.bool("h2c", true));
  }

  private static MountOptions mount(Reader r) {
    String mp = r.string("mountpoint", null);
    if (mp == null || !mp.startsWith("/") || mp.length() > 1 && mp.endsWith("/") || mp.contains("..")) {
      throw new IllegalArgumentException(r.at("mountpoint") + ": needs \"/\" or a prefix like \"/docs\", got " + mp);
    }
    MountType type = MountType.of(r.string("type", ""), r.at("type"));
    long maxBody = r.integer("maxBodyBytes", type == MountType.STREAM ? 1 << 20 : 0, 0, Integer.MAX_VALUE);
    switch (type) {
      case FILES -> {
        r.only("mountpoint", "type", "root", "index", "cacheControl", "maxBodyBytes");
        Path root = r.path("root");
        if (root == null) {
          throw new IllegalArgumentException(r.at("root") + ": a files mount needs a root directory");
        }
        return new MountOptions(mp, type, root, r.string("index", "index.html"), r.string("cacheControl", null), 0,
            null, null, maxBody);
      }
      case REDIRECT -> {
        r.only("mountpoint", "type", "status", "location");
        int status = r.integer("status", 301, 301, 308);
        if (status > 303 && status < 307) {
          throw new IllegalArgumentException(r.at("status") + ": a redirect is 301, 302, 303, 307 or 308, got " + status);
        }
        String location = r.string("location", null);
        if (location == null || location.isBlank() || location.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
          throw new IllegalArgumentException(r.at("location") + ": a redirect needs a location without spaces");
        }
        return new MountOptions(mp, type, null, null, null, status, location, null, 0);
      }
      case STREAM -> {
        r.only("mountpoint", "type", "streamtype", "maxBodyBytes");
        String st = r.string("streamtype", null);
        if (st == null || st.isEmpty()) {
          throw new IllegalArgumentException(r.at("streamtype") + ": a stream mount needs a server streamtype");
        }
        return new MountOptions(mp, type, null, null, null, 0, null, st, maxBody);
      }
      default -> {
        r.only("mountpoint", "type", "cacheControl");
        return new MountOptions(mp, type, null, null, r.string("cacheControl", "no-cache"), 0, null, null, 0);
      }
    }
  }

  /** Typed reads of one JSON object with the path of each key in every message. */
  private record Reader(JsonObject json, String path, Path confDir) {

    String at(String key) {
      return path + "." + key;
    }

    void only(String... keys) {
      Set<String> known = Set.of(keys);
      for (String k : json.fieldNames()) {
        if (!known.contains(k)) {
          throw new IllegalArgumentException(at(k) + ": unknown key (known: " + String.join(", ", keys) + ")");
        }
      }
    }

    private <T> T typed(String key, Class<T> type, String what) {
      Object v = json.getValue(key);
      if (v != null && !type.isInstance(v)) {
        throw new IllegalArgumentException(at(key) + ": needs " + what + ", got " + v);
      }
      return type.cast(v);
    }

    Reader object(String key) {
      JsonObject o = typed(key, JsonObject.class, "an object");
      return new Reader(o == null ? new JsonObject() : o, at(key), confDir);
    }

    List<Reader> objects(String key) {
      JsonArray a = typed(key, JsonArray.class, "an array of objects");
      List<Reader> out = new ArrayList<>();
      for (int i = 0; a != null && i < a.size(); i++) {
        if (!(a.getValue(i) instanceof JsonObject o)) {
          throw new IllegalArgumentException(path + "." + key + "[" + i + "]: needs an object");
        }
        out.add(new Reader(o, path + "." + key + "[" + i + "]", confDir));
      }
      return out;
    }

    List<String> strings(String key) {
      JsonArray a = typed(key, JsonArray.class, "an array of strings");
      List<String> out = new ArrayList<>();
      for (int i = 0; a != null && i < a.size(); i++) {
        if (!(a.getValue(i) instanceof String s)) {
          throw new IllegalArgumentException(path + "." + key + "[" + i + "]: needs a string");
        }
        out.add(s);
      }
      return out;
    }

    String string(String key, String dflt) {
      String s = typed(key, String.class, "a string");
      return s == null ? dflt : s;
    }

    boolean bool(String key, boolean dflt) {
      Boolean b = typed(key, Boolean.class, "true or false");
      return b == null ? dflt : b;
    }

    int integer(String key, int dflt, int min, int max) {
      Number n = typed(key, Number.class, "a number");
      if (n == null) {
        return dflt;
      }
      if (n.doubleValue() != n.longValue() || n.longValue() < min || n.longValue() > max) {
        throw new IllegalArgumentException(at(key) + ": needs a whole number from " + min + " to " + max + ", got " + n);
      }
      return n.intValue();
    }

    Path path(String key) {
      String s = string(key, null);
      if (s == null) {
        return null;
      }
      Path p = Path.of(s);
      return p.isAbsolute() || confDir == null ? p : confDir.resolve(p);
    }
  }
}
