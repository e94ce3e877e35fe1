package dev.sluice.cbor;

import java.util.Objects;

/** A tagged item (major type 6): tag number (0 to 2^32-1) and the item it applies to. */
public record CborTag(long tag, CborValue content) implements CborValue {
  public CborTag {
    Objects.requireNonNull(content, "content");
    // Jackson's parser, under CborReader, reads tag numbers as 32-bit values
    if (tag < 0 || tag > 0xffff_ffffL) {
      throw new IllegalArgumentException("tag number " + Long.toUnsignedString(tag) + " is above 4294967295, "
          + "the largest CborReader reads");
    }
  }

  @Override
  public String kind() {
    return "tag " + Long.toUnsignedString(tag);
  }
}
