package dev.sluice.cbor;

import java.util.Objects;

/** A text string (major type 3), valid UTF-8 on the wire. */
public record CborText(String value) implements CborValue {
  public CborText {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String kind() {
    return "text string";
  }
}
