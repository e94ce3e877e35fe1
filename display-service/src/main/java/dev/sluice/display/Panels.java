package dev.sluice.display;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The panel profiles of a {@code panels.json}: {@code {"panels": [{"name": ..., "width": ...,
 * "height": ..., "rotation": 0, "format": "mono1", "palette": "bw", "bitOrder": "msb-first"}]}}.
 * Every error names the file, the entry (index and name) and the key.
 */
public final class Panels {

  /** The largest side accepted: no panel has more, and it bounds the raster a request allocates. */
  public static final int MAX_SIDE = 4096;

  private static final Set<String> KEYS =
      Set.of("name", "width", "height", "rotation", "format", "palette", "bitOrder", "description");

  private final Map<String, Panel> byName;

  private Panels(Map<String, Panel> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The profiles shipped in conf/panels.json (a copy travels in this module's jar). */
  public static Panels builtIn() {
    try (InputStream in = Panels.class.getResourceAsStream("panels.json")) {
      if (in == null) {
        throw new IllegalStateException("panels.json is missing from the display-service jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in panels.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Panels load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": cannot read panel profiles: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Parses profiles.
   *
   * @param origin names the source in error messages (a file name)
   * @throws IllegalArgumentException naming the origin, entry and key of the first error
   */
  public static Panels parse(String json, String origin) {
    JsonObject root;
    try {
      root = new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException(origin + ": not a JSON object: " + e.getMessage(), e);
    }
    Object list = root.getValue("panels");
    if (!(list instanceof JsonArray arr)) {
      throw new IllegalArgumentException(origin + ": /panels must be an array of panel profiles");
    }
    Map<String, Panel> out = new LinkedHashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      String where = origin + ": /panels/" + i;
      if (!(arr.getValue(i) instanceof JsonObject o)) {
        throw new IllegalArgumentException(where + ": must be an object");
      }
      Panel p = panel(o, where);
      if (out.putIfAbsent(p.name(), p) != null) {
        throw new IllegalArgumentException(where + " (" + p.name() + "): the name is used twice");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(origin + ": /panels is empty");
    }
    return new Panels(out);
  }

  private static Panel panel(JsonObject o, String where) {
    if (!(o.getValue("name") instanceof String name) || name.isBlank()) {
      throw new IllegalArgumentException(where + "/name: a non-empty string is required");
    }
    String at = where + " (" + name + ")";
    for (String k : o.fieldNames()) {
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(at + ": unknown key \"" + k + "\" (valid: " + String.join(", ",
            new java.util.TreeSet<>(KEYS)) + ")");
      }
    }
    int width = side(o, "width", at);
    int height = side(o, "height", at);
    int rotation = intValue(o, "rotation", at, 0);
    if (rotation != 0 && rotation != 90 && rotation != 180 && rotation != 270) {
      throw new IllegalArgumentException(at + "/rotation: must be 0, 90, 180 or 270, got " + rotation);
    }
    if (!(o.getValue("format") instanceof String fmt)) {
      throw new IllegalArgumentException(at + "/format: required, one of " + PanelFormat.validNames());
    }
    PanelFormat format = PanelFormat.byConfName(fmt).orElseThrow(() -> new IllegalArgumentException(
        at + "/format: unknown \"" + fmt + "\" (valid: " + PanelFormat.validNames() + ")"));
    Palette palette = palette(o.getValue("palette"), format, at);
    String order = o.getValue("bitOrder") == null ? "msb-first" : String.valueOf(o.getValue("bitOrder"));
    boolean msbFirst;
    if (order.equals("msb-first")) {
      msbFirst = true;
    } else if (order.equals("lsb-first")) {
      msbFirst = false;
    } else {
      throw new IllegalArgumentException(at + "/bitOrder: must be \"msb-first\" or \"lsb-first\", got \"" + order
          + "\"");
    }
    return new Panel(name, width, height, rotation, format, palette, msbFirst);
  }

  private static int side(JsonObject o, String key, String at) {
    if (o.getValue(key) == null) {
      throw new IllegalArgumentException(at + "/" + key + ": required (1.." + MAX_SIDE + ")");
    }
    int v = intValue(o, key, at, 0);
    if (v < 1 || v > MAX_SIDE) {
      throw new IllegalArgumentException(at + "/" + key + ": must be 1.." + MAX_SIDE + ", got " + v);
    }
    return v;
  }

  private static int intValue(JsonObject o, String key, String at, int dflt) {
    Object v = o.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(at + "/" + key + ": must be an integer, got " + v);
    }
    return n.intValue();
  }

  /** Named palettes, and the formats each may be packed into (how many colours the format holds). */
  private static Palette palette(Object spec, PanelFormat format, String at) {
    if (format == PanelFormat.RGB565) {
      if (spec != null && !"rgb565".equals(spec)) {
        throw new IllegalArgumentException(at + "/palette: an rgb565 panel has no palette (omit it or say \"rgb565\")");
      }
      return null;
    }
    if (spec == null) {
      throw new IllegalArgumentException(at + "/palette: required (bw, grey4, bwr, acep7, grey256 or a list of "
          + "\"#rrggbb\")");
    }
    Palette p;
    if (spec instanceof String s) {
      p = switch (s) {
        case "bw" -> Palette.BLACK_WHITE;
        case "grey4" -> Palette.GREY4;
        case "bwr" -> Palette.BWR;
        case "acep7" -> Palette.ACEP7;
        case "grey256" -> Palette.grey256();
        default -> throw new IllegalArgumentException(at + "/palette: unknown \"" + s
            + "\" (valid: bw, grey4, bwr, acep7, grey256, or a list of \"#rrggbb\")");
      };
    } else if (spec instanceof JsonArray a) {
      List<Integer> colours = new ArrayList<>();
      for (int i = 0; i < a.size(); i++) {
        Object c = a.getValue(i);
        if (!(c instanceof String cs) || !cs.matches("#[0-9a-fA-F]{6}")) {
          throw new IllegalArgumentException(at + "/palette/" + i + ": must be \"#rrggbb\", got " + c);
        }
        colours.add(Integer.parseInt(cs.substring(1), 16));
      }
      if (colours.isEmpty()) {
        throw new IllegalArgumentException(at + "/palette: empty");
      }
      boolean grey = colours.stream().allMatch(c -> (c >> 16 & 0xff) == (c & 0xff) && (c >> 8 & 0xff) == (c & 0xff));
      p = new Palette(colours, grey);
    } else {
      throw new IllegalArgumentException(at + "/palette: must be a name or a list of \"#rrggbb\"");
    }
    int max = switch (format) {
      case MONO1, PAGES1 -> 2;
      case BWR_PLANES -> 3;
      case GREY4_PLANES -> 4;
      case NIBBLE4 -> 16;
      default -> 256;
    };
    if (p.size() > max) {
      throw new IllegalArgumentException(at + "/palette: " + p.size() + " colours do not fit format "
          + format.confName() + " (at most " + max + ")");
    }
    return p;
  }

  /** The profile called {@code name}. */
  public Optional<Panel> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The profile called {@code name}.
   *
   * @throws DisplayException (rule {@code panel.unknown}) listing the valid names
   */
  public Panel require(String name) {
    Panel p = byName.get(name);
    if (p == null) {
      throw new DisplayException("panel.unknown", "no panel \"" + name + "\" (valid: " + String.join(", ", names())
          + ")");
    }
    return p;
  }

  public Collection<Panel> all() {
    return byName.values();
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }
}
