package dev.sluice.cbor.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBigInt;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborException;
import dev.sluice.cbor.CborFloat;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborOptions;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborTag;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One decode: pulls Jackson's tokens, reads each item's head from the raw bytes (see
 * {@link CborHead}) to check limits before Jackson reads the content, and builds the tree. Depth is
 * bounded by {@link CborOptions#getMaxDepth()}, so the recursion is too. Not thread-safe: one
 * instance per input.
 */
public final class JacksonTreeReader {
  /** Most elements pre-allocated for a container, whatever its declared size. */
  private static final int MAX_PREALLOCATED = 256;

  /** The input, whole: token offsets index into it. */
  private final byte[] in;
  /** The limits. */
  private final CborOptions options;
  /** Data items seen so far (tags and map keys included). */
  private int items;

  public JacksonTreeReader(byte[] in, CborOptions options) {
    this.in = in;
    this.options = options;
  }

  /** Decodes the one item that fills the input. */
  public CborValue read() throws CborException {
    if (hasTagRunOver(options.getMaxDepth())) {
      // Jackson's time grows with the square of a run of tags: check the nesting ourselves first
      CborException why = WellFormedness.diagnose(in, options);
      if (why != null) {
        throw why;
      }
    }
    try (CBORParser p = parser()) {
      JsonToken t = p.nextToken();
      if (t == null) {
        if (in.length == 0) {
          throw new CborException("empty input: no data item", 0);
        }
        // Jackson ends quietly on some truncations (a tag with nothing after it)
        CborException why = WellFormedness.diagnose(in, options);
        throw why != null ? why : new CborException("truncated input: no complete data item", in.length);
      }
      CborValue value = readValue(p, t, 1);
      long end = p.currentLocation().getByteOffset();
      if (p.nextToken() != null) {
        throw new CborException("unexpected data after the data item", end);
      }
      return value;
    } catch (CborException e) {
      throw e;
    } catch (JsonProcessingException e) {
      CborException why = WellFormedness.diagnose(in, options);
      if (why != null) {
        throw why;
      }
      long at = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      throw new CborException("malformed CBOR: " + e.getOriginalMessage(), at, e);
    } catch (IOException | RuntimeException e) {
      CborException why = WellFormedness.diagnose(in, options);
      throw why != null ? why : new CborException("malformed CBOR: " + e, -1, e);
    }
  }

  /**
   * True when more than {@code max} bytes in a row look like tag heads (0xc0 to 0xdb). Bytes inside
   * strings can match too; that only costs a walk of the input before the real parse.
   */
  private boolean hasTagRunOver(int max) {
    int run = 0;
    for (byte b : in) {
      if ((b & 0xe0) == 0xc0 && (b & 0x1f) < 28) {
        if (++run > max) {
          return true;
        }
      } else {
        run = 0;
      }
    }
    return false;
  }

  private CBORParser parser() throws IOException {
    CBORFactory factory = CBORFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(options.getMaxDepth() + 1)
            .maxStringLength(Math.max(options.getMaxTextLength(), 1))
            .build())
        .build();
    return (CBORParser) factory.createParser(in);
  }

  private CborValue readValue(CBORParser p, JsonToken t, int depth) throws IOException, CborException {
    int offset = (int) p.currentTokenLocation().getByteOffset();
    CborHead head = CborHead.read(in, offset, in.length, depth, options.getMaxDepth());
    countItems(1 + head.tags().length, offset);
    int nested = depth + head.tags().length;
    if (nested > options.getMaxDepth()) {
      throw new CborException("nesting depth " + nested + " exceeds limit " + options.getMaxDepth(), offset);
    }
    long[] tags = head.tags();
    checkBignumTags(head, offset);
    CborValue value;
    switch (t) {
      case START_ARRAY -> value = readArray(p, head, offset, nested);
      case START_OBJECT -> value = readMap(p, head, offset, nested);
      case VALUE_STRING -> value = readText(p, head, offset);
      case VALUE_EMBEDDED_OBJECT -> value = readBytes(p, head, offset);
      case VALUE_NUMBER_INT -> {
        if (isBignum(head)) {
          tags = java.util.Arrays.copyOf(tags, tags.length - 1);
          value = bignum(head);
        } else {
          value = readInteger(p, head, offset);
        }
      }
      case VALUE_NUMBER_FLOAT -> {
        expectMajor(head, 7, offset);
        value = new CborFloat(p.getDoubleValue());
      }
      case VALUE_TRUE -> value = CborSimple.TRUE;
      case VALUE_FALSE -> value = CborSimple.FALSE;
      case VALUE_NULL -> value = head.info() == 23 ? CborSimple.UNDEFINED : CborSimple.NULL;
      default -> throw new CborException("unexpected " + t, offset);
    }
    for (int i = tags.length - 1; i >= 0; i--) {
      value = new CborTag(tags[i], value);
    }
    return value;
  }

  /** Tags 2 and 3 (bignums) must enclose a byte string directly (RFC 8949 section 3.4.3). */
  private static void checkBignumTags(CborHead head, int offset) throws CborException {
    long[] tags = head.tags();
    for (int i = 0; i < tags.length; i++) {
      if ((tags[i] == 2 || tags[i] == 3) && (i != tags.length - 1 || head.major() != 2)) {
        String found = i != tags.length - 1 ? "tag" : majorName(head.major());
        throw new CborException("tag " + tags[i] + " (bignum) must enclose a byte string, not "
            + ("aeiou".indexOf(found.charAt(0)) >= 0 ? "an " : "a ") + found, offset);
      }
    }
  }

  /**
   * The value of a bignum, read from the raw bytes: Jackson 2.18 reads the magnitude of a tag 3
   * bignum as a signed number, so one whose first byte has the high bit set came out wrong.
   */
  private CborValue bignum(CborHead head) throws CborException {
    byte[] magnitude;
    if (!head.indefinite()) {
      magnitude = java.util.Arrays.copyOfRange(in, head.contentStart(), head.contentStart() + (int) head.argument());
    } else {
      // the parser has read the whole string already, so its chunks are well formed
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int at = head.contentStart();
      while ((in[at] & 0xff) != 0xff) {
        CborHead chunk = CborHead.read(in, at, in.length);
        out.write(in, chunk.contentStart(), (int) chunk.argument());
        at = chunk.contentStart() + (int) chunk.argument();
      }
      magnitude = out.toByteArray();
    }
    BigInteger n = new BigInteger(1, magnitude);
    long tag = head.tags()[head.tags().length - 1];
    return CborBigInt.of(tag == 2 ? n : n.negate().subtract(BigInteger.ONE));
  }

  private static boolean isBignum(CborHead head) {
    int n = head.tags().length;
    return head.major() == 2 && n > 0 && (head.tags()[n - 1] == 2 || head.tags()[n - 1] == 3);
  }

  private CborValue readInteger(CBORParser p, CborHead head, int offset) throws IOException, CborException {
    if (head.major() == 7) {
      // Jackson reports simple values as integers
      int simple = (int) head.argument();
      if (head.info() == 24 && simple < 32) {
        throw new CborException("simple value " + simple + " must use the one-byte form", offset);
      }
      return new CborSimple(simple);
    }
    if (head.major() > 1) {
      throw new CborException("tag on a " + majorName(head.major()) + " is not supported (tag "
          + Long.toUnsignedString(head.tags()[head.tags().length - 1]) + ")", offset);
    }
    if (head.argument() < 0) {
      // above 2^63-1 on the wire: positive, or negative below -2^63
      BigInteger magnitude = new BigInteger(Long.toUnsignedString(head.argument()));
      return CborBigInt.of(head.major() == 0 ? magnitude : magnitude.negate().subtract(BigInteger.ONE));
    }
    return new CborInt(head.major() == 0 ? head.argument() : -1 - head.argument());
  }

  private CborValue readBytes(CBORParser p, CborHead head, int offset) throws IOException, CborException {
    expectMajor(head, 2, offset);
    checkIndefinite(head, offset);
    if (!head.indefinite()) {
      checkLength("byte string", head.argument(), options.getMaxByteStringLength(), head, offset);
    }
    byte[] bytes = p.getBinaryValue();
    if (bytes.length > options.getMaxByteStringLength()) {
      throw new CborException("byte string of " + bytes.length + " bytes exceeds limit "
          + options.getMaxByteStringLength(), offset);
    }
    return CborBytes.wrap(bytes);
  }

  private CborValue readText(CBORParser p, CborHead head, int offset) throws IOException, CborException {
    expectMajor(head, 3, offset);
    checkIndefinite(head, offset);
    if (!head.indefinite()) {
      checkLength("text string", head.argument(), options.getMaxTextLength(), head, offset);
    }
    Utf8.check(in, head, offset);
    return new CborText(p.getText());
  }

  private CborValue readArray(CBORParser p, CborHead head, int offset, int depth) throws IOException, CborException {
    expectMajor(head, 4, offset);
    checkIndefinite(head, offset);
    if (!head.indefinite()) {
      checkCount("array", head.argument(), 1, head, offset);
    }
    List<CborValue> list = new ArrayList<>(head.indefinite() ? 8 : (int) Math.min(head.argument(), MAX_PREALLOCATED));
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t == null) {
        throw new CborException("truncated input: array never ends", in.length);
      }
      list.add(readValue(p, t, depth + 1));
    }
    return new CborArray(list);
  }

  private CborValue readMap(CBORParser p, CborHead head, int offset, int depth) throws IOException, CborException {
    expectMajor(head, 5, offset);
    checkIndefinite(head, offset);
    if (!head.indefinite()) {
      checkCount("map", head.argument(), 2, head, offset);
    }
    List<CborMap.Entry> entries = new ArrayList<>(head.indefinite() ? 8 : (int) Math.min(head.argument(), MAX_PREALLOCATED));
    Set<CborValue> keys = new HashSet<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
      if (t != JsonToken.FIELD_NAME) {
        throw new CborException("truncated input: map never ends", in.length);
      }
      int keyOffset = (int) p.currentTokenLocation().getByteOffset();
      CborValue key = readKey(p, keyOffset, depth + 1);
      if (!keys.add(key)) {
        throw new CborException("duplicate map key " + describe(key), keyOffset);
      }
      JsonToken v = p.nextToken();
      if (v == null) {
        throw new CborException("truncated input: map key without a value", in.length);
      }
      entries.add(new CborMap.Entry(key, readValue(p, v, depth + 1)));
    }
    return new CborMap(entries);
  }

  private CborValue readKey(CBORParser p, int offset, int depth) throws IOException, CborException {
    CborHead head = CborHead.read(in, offset, in.length, depth, options.getMaxDepth());
    countItems(1, offset);
    if (head.tags().length > 0) {
      throw new CborException("tagged map keys are not supported", offset);
    }
    switch (head.major()) {
      case 0, 1 -> {
        if (head.argument() < 0) {
          throw new CborException("map key beyond the 64-bit signed range", offset);
        }
        return new CborInt(head.major() == 0 ? head.argument() : -1 - head.argument());
      }
      case 3 -> {
        if (head.indefinite()) {
          checkIndefinite(head, offset);
        } else {
          checkLength("text string", head.argument(), options.getMaxTextLength(), head, offset);
        }
        Utf8.check(in, head, offset);
        return new CborText(p.currentName());
      }
      default -> throw new CborException("map key of type " + majorName(head.major())
          + " is not supported (keys are integers or text strings)", offset);
    }
  }

  private void countItems(int n, int offset) throws CborException {
    items += n;
    if (items > options.getMaxItems()) {
      throw new CborException("more than " + options.getMaxItems() + " data items", offset);
    }
  }

  private void checkIndefinite(CborHead head, int offset) throws CborException {
    if (head.indefinite() && !options.isAllowIndefiniteLength()) {
      throw new CborException("indefinite-length " + majorName(head.major()) + " not allowed", offset);
    }
  }

  private void checkLength(String what, long declared, int limit, CborHead head, int offset) throws CborException {
    if (declared < 0 || declared > limit) {
      throw new CborException(what + " of " + Long.toUnsignedString(declared) + " bytes exceeds limit " + limit, offset);
    }
    int left = in.length - head.contentStart();
    if (declared > left) {
      throw new CborException("truncated input: " + what + " of " + declared + " bytes but only " + left
          + " bytes left", offset);
    }
  }

  private void checkCount(String what, long declared, int minBytesEach, CborHead head, int offset) throws CborException {
    long left = in.length - head.contentStart();
    if (declared < 0 || declared > options.getMaxItems()) {
      throw new CborException(what + " of " + Long.toUnsignedString(declared) + " elements exceeds limit "
          + options.getMaxItems(), offset);
    }
    if (declared * minBytesEach > left) {
      throw new CborException("truncated input: " + what + " of " + declared + " elements but only " + left
          + " bytes left", offset);
    }
  }

  private static void expectMajor(CborHead head, int major, int offset) throws CborException {
    if (head.major() != major) {
      throw new CborException("tagged " + majorName(head.major()) + " decoded as another type is not supported"
          + (head.tags().length > 0 ? " (tag " + Long.toUnsignedString(head.tags()[head.tags().length - 1]) + ")" : ""),
          offset);
    }
  }

  private static String describe(CborValue key) {
    return key instanceof CborText t ? "\"" + t.value() + "\"" : String.valueOf(((CborInt) key).value());
  }

  static String majorName(int major) {
    return switch (major) {
      case 0 -> "unsigned integer";
      case 1 -> "negative integer";
      case 2 -> "byte string";
      case 3 -> "text string";
      case 4 -> "array";
      case 5 -> "map";
      case 6 -> "tag";
      default -> "simple value or float";
    };
  }
}
