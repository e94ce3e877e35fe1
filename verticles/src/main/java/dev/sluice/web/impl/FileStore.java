package dev.sluice.web.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the file a normalised path names under one root, on a worker thread (never the event loop),
 * and keeps what it found for a short while: the metadata of every answer and the bytes of small
 * files. A path whose real location (symlinks followed) is outside the root is answered as missing
 * and nothing of it is read.
 */
final class FileStore {

  private static final Logger log = LoggerFactory.getLogger(FileStore.class);
  /** Entries kept at most; the cache is emptied when it would grow past this (a URI-spraying client). */
  private static final int MAX_ENTRIES = 8192;

  /** What a path names. */
  enum Kind { FILE, DIRECTORY, MISSING }

  /**
   * One representation of a file.
   *
   * @param encoding null for the file itself, "br" or "gzip" for a precompressed sibling
   * @param content the bytes when small enough to keep, else null (sent from the file)
   */
  record Variant(Path path, long size, String encoding, String etag, Buffer content) {}

  /**
   * The answer for one path.
   *
   * @param name the file name the content type comes from
   * @param mtimeMillis last modification of the file itself
   * @param br the ".br" sibling, or null
   * @param gzip the ".gz" sibling, or null
   */
  record Entry(Kind kind, String name, long mtimeMillis, Variant identity, Variant br, Variant gzip,
      String lastModified, String contentType) {
    static final Entry MISSING = new Entry(Kind.MISSING, null, 0, null, null, null);
    static final Entry DIRECTORY = new Entry(Kind.DIRECTORY, null, 0, null, null, null);

    /** With the Last-Modified and Content-Type values worked out once, not once per response. */
    Entry(Kind kind, String name, long mtimeMillis, Variant identity, Variant br, Variant gzip) {
      this(kind, name, mtimeMillis, identity, br, gzip, name == null ? null : HttpDates.format(mtimeMillis),
          name == null ? null : Mime.of(name));
    }
  }

  private record Cached(Entry entry, long expiresNanos) {}

  private final Vertx vertx;
  private final String tag;
  private final Path configuredRoot;
  private final String index;
  private final long ttlNanos;
  private final int smallFileBytes;
  private final long cacheBytes;
  /** The root with symlinks resolved; null until {@link #open()} succeeded. */
  private volatile Path root;
  /** Answers by normalised path, from any event loop. */
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  /** Bytes of file content held by {@link #cache}. */
  private final AtomicLong heldBytes = new AtomicLong();

  FileStore(Vertx vertx, String tag, Path root, String index, int ttlMs, int smallFileBytes, long cacheBytes) {
    this.vertx = vertx;
    this.tag = tag;
    this.configuredRoot = root;
    this.index = index;
    this.ttlNanos = ttlMs * 1_000_000L;
    this.smallFileBytes = smallFileBytes;
    this.cacheBytes = cacheBytes;
  }

  /** Resolves the root; a missing root is logged and every path is then missing (not a start failure). */
  Future<Void> open() {
    return vertx.executeBlocking(() -> {
      try {
        root = configuredRoot.toRealPath();
        if (!Files.isDirectory(root)) {
          log.warn("{}: root {} is not a directory; every request gets 404", tag, configuredRoot);
          root = null;
        }
      } catch (IOException e) {
        log.warn("{}: root {} does not exist; every request gets 404", tag, configuredRoot);
      }
      return null;
    }, false);
  }

  /** The entry for {@code path} (normalised, starting with "/"). */
  Future<Entry> lookup(String path) {
    Cached c = cache.get(path);
    long now = System.nanoTime();
    if (c != null && now - c.expiresNanos < 0) {
      return Future.succeededFuture(c.entry);
    }
    Entry previous = c == null ? null : c.entry;
    return vertx.executeBlocking(() -> {
      Entry e = resolve(path, previous);
      store(path, new Cached(e, System.nanoTime() + ttlNanos));
      return e;
    }, false);
  }

  private void store(String path, Cached c) {
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
      heldBytes.set(0);
    }
    Cached old = cache.put(path, c);
    heldBytes.addAndGet(held(c.entry) - (old == null ? 0 : held(old.entry)));
  }

  private static long held(Entry e) {
    long n = 0;
    for (Variant v : new Variant[] {e.identity, e.br, e.gzip}) {
      if (v != null && v.content != null) {
        n += v.content.length();
      }
    }
    return n;
  }

  private Entry resolve(String path, Entry previous) throws IOException {
    Path r = root;
    if (r == null) {
      return Entry.MISSING;
    }
    Path candidate = r;
    for (String seg : path.split("/")) {
      if (!seg.isEmpty()) {
        try {
          candidate = candidate.resolve(seg);
        } catch (InvalidPathException e) {
          return Entry.MISSING;
        }
      }
    }
    Path real = inside(candidate);
    if (real == null) {
      return Entry.MISSING;
    }
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    if (a.isDirectory()) {
      if (!path.endsWith("/")) {
        return Entry.DIRECTORY;
      }
      real = inside(real.resolve(index));
      if (real == null) {
        return Entry.MISSING;
      }
      a = Files.readAttributes(real, BasicFileAttributes.class);
    }
    if (!a.isRegularFile()) {
      return Entry.MISSING;
    }
    long mtime = a.lastModifiedTime().toMillis();
    Variant identity = variant(real, a.size(), mtime, null, previous == null ? null : previous.identity);
    return new Entry(Kind.FILE, real.getFileName().toString(), mtime, identity,
        sibling(real, ".br", "br", previous == null ? null : previous.br),
        sibling(real, ".gz", "gzip", previous == null ? null : previous.gzip));
  }

  /** The real path of {@code p} if it exists and stays under the root, else null (logged if it leaves). */
  private Path inside(Path p) throws IOException {
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      return null; // a dangling symlink
    }
    if (!real.startsWith(root)) {
      log.info("{}: {} leads outside the root (to {}); refused", tag, root.relativize(p), real);
      return null;
    }
    return real;
  }

  private Variant sibling(Path file, String suffix, String encoding, Variant previous) throws IOException {
    Path real = inside(file.resolveSibling(file.getFileName() + suffix));
    if (real == null) {
      return null;
    }
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    return a.isRegularFile() ? variant(real, a.size(), a.lastModifiedTime().toMillis(), encoding, previous) : null;
  }

  private Variant variant(Path p, long size, long mtime, String encoding, Variant previous) throws IOException {
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtime)
        + (encoding == null ? "" : "-" + encoding) + "\"";
    Buffer content = null;
    if (previous != null && previous.etag.equals(etag) && previous.content != null) {
      content = previous.content; // unchanged: keep the bytes already read
    } else if (size <= smallFileBytes && heldBytes.get() + size <= cacheBytes) {
      byte[] bytes = Files.readAllBytes(p);
      if (bytes.length == size) {
        content = Buffer.buffer(bytes);
      }
    }
    return new Variant(p, size, encoding, etag, content);
  }
}
