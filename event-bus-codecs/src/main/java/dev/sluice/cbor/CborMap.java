package dev.sluice.cbor;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A map (major type 5) whose keys are integers or text strings, in the order they were read or
 * added. Keys are unique. The deterministic encoder sorts them; the plain encoder keeps this order.
 */
public record CborMap(List<Entry> entries) implements CborValue {

  /** One key/value pair. */
  public record Entry(CborValue key, CborValue value) {
    public Entry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (!(key instanceof CborInt) && !(key instanceof CborText)) {
        throw new IllegalArgumentException("map keys are integers or text strings, not a " + key.kind());
      }
    }
  }

  public CborMap {
    entries = List.copyOf(entries);
    if (entries.size() <= 16) {
      // small maps (most of them): a scan costs less than a set
      for (int i = 1; i < entries.size(); i++) {
        for (int j = 0; j < i; j++) {
          if (entries.get(i).key().equals(entries.get(j).key())) {
            throw new IllegalArgumentException("duplicate map key " + entries.get(i).key());
          }
        }
      }
    } else {
      Set<CborValue> seen = new HashSet<>();
      for (Entry e : entries) {
        if (!seen.add(e.key())) {
          throw new IllegalArgumentException("duplicate map key " + e.key());
        }
      }
    }
  }

  /** The empty map. */
  public static final CborMap EMPTY = new CborMap(List.of());

  public int size() {
    return entries.size();
  }

  /** The value for an integer key, or null. */
  public CborValue get(long key) {
    return get(new CborInt(key));
  }

  /** The value for a text key, or null. */
  public CborValue get(String key) {
    return get(new CborText(key));
  }

  /** The value for a key, or null. */
  public CborValue get(CborValue key) {
    for (Entry e : entries) {
      if (e.key().equals(key)) {
        return e.value();
      }
    }
    return null;
  }

  /** A builder that keeps insertion order. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String kind() {
    return "map";
  }

  /** Collects entries; {@link #put} replaces an existing key in place. */
  public static final class Builder {
    /** Entries so far, in insertion order. */
    private final List<Entry> entries = new ArrayList<>();

    public Builder put(long key, CborValue value) {
      return put(new CborInt(key), value);
    }

    public Builder put(String key, CborValue value) {
      return put(new CborText(key), value);
    }

    public Builder put(CborValue key, CborValue value) {
      Entry entry = new Entry(key, value);
      for (int i = 0; i < entries.size(); i++) {
        if (entries.get(i).key().equals(key)) {
          entries.set(i, entry);
          return this;
        }
      }
      entries.add(entry);
      return this;
    }

    public CborMap build() {
      return new CborMap(entries);
    }
  }
}
