package dev.sluice.cbor;

import java.util.Objects;

/**
 * A tagged item (major type 6): tag number (0 to 2^32-1) and the item it applies to. Bignums (tags 2
 * and 3) are {@link CborBigInt}; decimal fractions and bigfloats (tags 4 and 5) enclose an array of
 * two integers, the exponent within 32 bits.
 */
public record CborTag(long tag, CborValue content) implements CborValue {
  public CborTag {
    Objects.requireNonNull(content, "content");
    // Jackson's parser, under CborReader, reads tag numbers as 32-bit values
    if (tag < 0 || tag > 0xffff_ffffL) {
      throw new IllegalArgumentException("tag number " + Long.toUnsignedString(tag) + " is above 4294967295, "
          + "the largest CborReader reads");
    }
    if (tag == 2 || tag == 3) {
      throw new IllegalArgumentException("tags 2 and 3 are bignums: use CborBigInt");
    }
    // RFC 8949 section 3.4.4; Jackson's parser refuses any other shape of these two, and an
    // exponent outside the int range
    if ((tag == 4 || tag == 5) && !(content instanceof CborArray a && a.size() == 2
        && a.get(0) instanceof CborInt e && e.value() == (int) e.value()
        && (a.get(1) instanceof CborInt || a.get(1) instanceof CborBigInt))) {
      throw new IllegalArgumentException("tag " + tag + " must enclose an array of two integers, the first (exponent)"
          + " within 32 bits");
    }
  }

  @Override
  public String kind() {
    return "tag " + Long.toUnsignedString(tag);
  }
}
