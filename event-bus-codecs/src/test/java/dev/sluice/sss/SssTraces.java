package dev.sluice.sss;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The serialized-SS sessions recorded between lws's own client examples and lws's own proxy
 * ({@code sss-traces} in the test corpus). A missing corpus fails the test with a message saying
 * where it looked.
 */
public final class SssTraces {

  private static final HexFormat HEX = HexFormat.of();

  private SssTraces() {}

  /** One recorded frame, in the order it was seen. */
  public record Frame(int conn, SssDirection direction, int type, String name, int length,
      byte[] bytes) {
    @Override
    public String toString() {
      return "conn " + conn + " " + direction + " " + name + " (" + length + " bytes)";
    }
  }

  /** One recorded chunk: what one recv() returned in the relay. */
  public record Chunk(int conn, SssDirection direction, byte[] bytes) {}

  /** One session file. */
  public record Trace(String file, String name, String carrier, JsonObject json,
      List<Chunk> chunks, List<Frame> frames) {

    /** Connection indexes in the file. */
    public List<Integer> connections() {
      return frames.stream().map(Frame::conn).distinct().sorted().collect(Collectors.toList());
    }

    /** The frames of one connection and direction, in order. */
    public List<Frame> frames(int conn, SssDirection direction) {
      return frames.stream().filter(f -> f.conn() == conn && f.direction() == direction)
          .collect(Collectors.toList());
    }

    /** The frames of one connection, both directions, in recorded order. */
    public List<Frame> frames(int conn) {
      return frames.stream().filter(f -> f.conn() == conn).collect(Collectors.toList());
    }

    /** The chunks of one connection and direction, in order. */
    public List<byte[]> chunks(int conn, SssDirection direction) {
      return chunks.stream().filter(c -> c.conn() == conn && c.direction() == direction)
          .map(Chunk::bytes).collect(Collectors.toList());
    }

    /** Every byte of one connection and direction, concatenated. */
    public byte[] stream(int conn, SssDirection direction) {
      return concat(chunks(conn, direction));
    }

    @Override
    public String toString() {
      return file;
    }
  }

  /**
   * The traces directory: {@code -Dsluice.corpus=DIR}, else {@code testdata/corpus} in the
   * repository, else the shared {@code shared/corpus} (the first found walking up from the module
   * directory); a clear failure when there is none.
   */
  public static Path dir() {
    String override = System.getProperty("sluice.corpus");
    if (override != null) {
      return require(Path.of(override).resolve("sss-traces"));
    }
    Path start = Path.of("").toAbsolutePath();
    for (Path p = start; p != null; p = p.getParent()) {
      for (String corpus : new String[] {"testdata/corpus", "shared/corpus"}) {
        Path candidate = p.resolve(corpus).resolve("sss-traces");
        if (Files.isDirectory(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("serialized-SS traces not found: no testdata/corpus/sss-traces"
        + " or shared/corpus/sss-traces in " + start + " or any parent (the shared copy is"
        + " ../../shared/corpus from the module directory); set -Dsluice.corpus=DIR");
  }

  private static Path require(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("serialized-SS traces not found at " + dir);
    }
    return dir;
  }

  /** Every trace file, sorted by name; fails if there are none. */
  public static List<Trace> all() {
    try (Stream<Path> files = Files.list(dir())) {
      List<Trace> traces = files.filter(p -> p.toString().endsWith(".json")).sorted()
          .map(SssTraces::load).collect(Collectors.toList());
      if (traces.isEmpty()) {
        throw new IllegalStateException("no trace files in " + dir());
      }
      return traces;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The trace whose file name starts with {@code prefix}. */
  public static Trace named(String prefix) {
    return all().stream().filter(t -> t.file().startsWith(prefix)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no trace " + prefix + "* in " + dir()));
  }

  static Trace load(Path file) {
    try {
      JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      List<Chunk> chunks = new ArrayList<>();
      for (Object o : json.getJsonArray("chunks")) {
        JsonObject c = (JsonObject) o;
        chunks.add(new Chunk(c.getInteger("conn", 0), direction(c), HEX.parseHex(c.getString(
            "hex"))));
      }
      List<Frame> frames = new ArrayList<>();
      JsonArray list = json.getJsonArray("frames");
      for (Object o : list) {
        JsonObject f = (JsonObject) o;
        frames.add(new Frame(f.getInteger("conn", 0), direction(f),
            Integer.decode(f.getString("type")), f.getString("name"), f.getInteger("len"),
            HEX.parseHex(f.getString("hex"))));
      }
      return new Trace(file.getFileName().toString(), json.getString("name"),
          json.getString("carrier"), json, chunks, frames);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SssDirection direction(JsonObject o) {
    String dir = o.getString("dir");
    switch (dir) {
      case "c2p":
        return SssDirection.CLIENT_TO_PROXY;
      case "p2c":
        return SssDirection.PROXY_TO_CLIENT;
      default:
        throw new IllegalStateException("unknown direction " + dir);
    }
  }

  /** The arrays joined end to end. */
  public static byte[] concat(List<byte[]> parts) {
    int total = parts.stream().mapToInt(p -> p.length).sum();
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
