package dev.sluice.display;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Hostile and broken image files, made byte by byte. */
public final class Bombs {
  private Bombs() {}

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  private static byte[] ihdr(int w, int h) {
    return ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0)
        .put((byte) 0).array();
  }

  /** A PNG whose IDAT inflates to {@code inflatedBytes} zero bytes. */
  public static byte[] png(int w, int h, long inflatedBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
    chunk(out, "IHDR", ihdr(w, h));
    Deflater d = new Deflater(9);
    byte[] zeros = new byte[1 << 20];
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[1 << 16];
    for (long left = inflatedBytes; left > 0; left -= zeros.length) {
      d.setInput(zeros, 0, (int) Math.min(left, zeros.length));
      while (!d.needsInput()) {
        z.write(buf, 0, d.deflate(buf));
      }
    }
    d.finish();
    while (!d.finished()) {
      z.write(buf, 0, d.deflate(buf));
    }
    d.end();
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** A well-formed small PNG (every row filter 0, black pixels). */
  public static byte[] smallPng() {
    return png(8, 8, 8 * (1 + 8 * 3));
  }

  /** The PNG header claiming 100000 × 100000 pixels, with a tiny IDAT. */
  public static byte[] hugeHeaderPng() {
    return png(100_000, 100_000, 1000);
  }

  /** The first {@code n} bytes of {@code b}. */
  public static byte[] truncated(byte[] b, int n) {
    return Arrays.copyOf(b, n);
  }
}
