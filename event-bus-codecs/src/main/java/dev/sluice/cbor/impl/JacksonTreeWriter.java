package dev.sluice.cbor.impl;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import dev.sluice.cbor.CborArray;
import dev.sluice.cbor.CborBigInt;
import dev.sluice.cbor.CborBytes;
import dev.sluice.cbor.CborFloat;
import dev.sluice.cbor.CborInt;
import dev.sluice.cbor.CborMap;
import dev.sluice.cbor.CborSimple;
import dev.sluice.cbor.CborTag;
import dev.sluice.cbor.CborText;
import dev.sluice.cbor.CborValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a tree with Jackson's {@link CBORGenerator}. Jackson encodes the leaves (integers, text,
 * byte strings, floats, tags); container heads and half-precision floats are written as raw bytes,
 * because Jackson's generator cannot write half floats and counts raw writes against a definite
 * length. So every value is written at Jackson's root level and the heads are ours.
 */
public final class JacksonTreeWriter {
  private static final CBORFactory FACTORY = CBORFactory.builder()
      .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
      .build();
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

  /** The generator of this encode. */
  private final CBORGenerator gen;
  /** Whether map keys are sorted by their encoding. */
  private final boolean sortKeys;

  private JacksonTreeWriter(CBORGenerator gen, boolean sortKeys) {
    this.gen = gen;
    this.sortKeys = sortKeys;
  }

  /** Encodes one value. */
  public static byte[] encode(CborValue value, boolean sortKeys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    try (CBORGenerator gen = FACTORY.createGenerator(out)) {
      new JacksonTreeWriter(gen, sortKeys).write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void write(CborValue value) throws IOException {
    if (value instanceof CborInt i) {
      gen.writeNumber(i.value());
    } else if (value instanceof CborText t) {
      gen.writeString(t.value());
    } else if (value instanceof CborBytes b) {
      byte[] bytes = b.bytes();
      gen.writeBinary(bytes, 0, bytes.length);
    } else if (value instanceof CborArray a) {
      head(4, a.size());
      for (CborValue item : a.items()) {
        write(item);
      }
    } else if (value instanceof CborMap m) {
      writeMap(m);
    } else if (value instanceof CborTag t) {
      head(6, t.tag());
      write(t.content());
    } else if (value instanceof CborSimple s) {
      writeSimple(s.value());
    } else if (value instanceof CborFloat f) {
      writeFloat(f.value());
    } else {
      writeBig(((CborBigInt) value).value());
    }
  }

  private void writeMap(CborMap m) throws IOException {
    head(5, m.size());
    if (!sortKeys || m.size() < 2) {
      for (CborMap.Entry e : m.entries()) {
        write(e.key());
        write(e.value());
      }
      return;
    }
    List<byte[]> keys = new ArrayList<>(m.size());
    List<Integer> order = new ArrayList<>(m.size());
    for (int i = 0; i < m.size(); i++) {
      keys.add(encode(m.entries().get(i).key(), true));
      order.add(i);
    }
    order.sort((x, y) -> Arrays.compareUnsigned(keys.get(x), keys.get(y)));
    for (int i : order) {
      raw(keys.get(i));
      write(m.entries().get(i).value());
    }
  }

  private void writeBig(BigInteger v) throws IOException {
    if (v.signum() >= 0 && v.compareTo(TWO_64) < 0) {
      head(0, v.longValue());
    } else if (v.signum() < 0 && v.compareTo(TWO_64.negate()) >= 0) {
      head(1, v.negate().subtract(BigInteger.ONE).longValue());
    } else {
      // bignum: tag 2 (positive) or 3 (negative, -1 - n), magnitude without a sign byte
      BigInteger magnitude = v.signum() >= 0 ? v : v.negate().subtract(BigInteger.ONE);
      byte[] bytes = magnitude.toByteArray();
      if (bytes[0] == 0) {
        bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
      }
      head(6, v.signum() >= 0 ? 2 : 3);
      gen.writeBinary(bytes, 0, bytes.length);
    }
  }

  private void writeSimple(int v) throws IOException {
    switch (v) {
      case 20 -> gen.writeBoolean(false);
      case 21 -> gen.writeBoolean(true);
      case 22 -> gen.writeNull();
      default -> head(7, v);
    }
  }

  private void writeFloat(double d) throws IOException {
    int half = FloatShortening.toHalf(d);
    if (half >= 0) {
      raw(new byte[] {(byte) 0xf9, (byte) (half >>> 8), (byte) half});
    } else if ((double) (float) d == d || Double.isNaN(d)) {
      gen.writeNumber((float) d);
    } else {
      gen.writeNumber(d);
    }
  }

  /** Writes a head: major type and argument in the shortest form. */
  private void head(int major, long arg) throws IOException {
    int mt = major << 5;
    byte[] b;
    if (arg >= 0 && arg < 24) {
      b = new byte[] {(byte) (mt | arg)};
    } else if (arg >= 0 && arg < 0x100) {
      b = new byte[] {(byte) (mt | 24), (byte) arg};
    } else if (arg >= 0 && arg < 0x10000) {
      b = new byte[] {(byte) (mt | 25), (byte) (arg >>> 8), (byte) arg};
    } else if (arg >= 0 && arg < 0x1_0000_0000L) {
      b = new byte[] {(byte) (mt | 26), (byte) (arg >>> 24), (byte) (arg >>> 16), (byte) (arg >>> 8), (byte) arg};
    } else {
      b = new byte[9];
      b[0] = (byte) (mt | 27);
      for (int i = 0; i < 8; i++) {
        b[1 + i] = (byte) (arg >>> (56 - 8 * i));
      }
    }
    raw(b);
  }

  private void raw(byte[] bytes) throws IOException {
    for (byte b : bytes) {
      gen.writeRaw(b);
    }
  }
}
