package dev.sluice.cbor;

import java.util.Objects;

/** A tagged item (major type 6): tag number and the item it applies to. */
public record CborTag(long tag, CborValue content) implements CborValue {
  public CborTag {
    Objects.requireNonNull(content, "content");
  }

  @Override
  public String kind() {
    return "tag " + Long.toUnsignedString(tag);
  }
}
