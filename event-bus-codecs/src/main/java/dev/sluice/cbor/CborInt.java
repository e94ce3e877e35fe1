package dev.sluice.cbor;

/** An integer (major type 0 or 1) that fits in a {@code long}. */
public record CborInt(long value) implements CborValue {
  @Override
  public String kind() {
    return "integer";
  }
}
