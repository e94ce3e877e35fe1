package dev.sluice.display;

import dev.sluice.display.impl.Rotation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.imageio.ImageIO;

/**
 * One finished render: the panel's whole packed buffer (plane after plane), what each pixel became,
 * and an ETag that changes exactly when the packed bytes do.
 */
public final class Rendered {

  private final Panel panel;
  private final int[] indices;
  private final byte[] buffer;
  private final String etag;
  private final java.util.List<String> warnings;

  /**
   * @param warnings what the page could not have, each naming its rule (an image refused or
   *     broken, a stylesheet not fetched); the page was rendered without it
   */
  public Rendered(Panel panel, int[] indices, byte[] buffer, java.util.List<String> warnings) {
    this.panel = panel;
    this.indices = indices;
    this.buffer = buffer;
    this.etag = etagOf(buffer);
    this.warnings = java.util.List.copyOf(warnings);
  }

  /** What was left out of the page, each starting with the rule that refused it. */
  public java.util.List<String> warnings() {
    return warnings;
  }

  /** A strong ETag (quoted): the first 128 bits of the SHA-256 of the packed bytes, in hex. */
  public static String etagOf(byte[] packed) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(packed);
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The panel as rendered (with the request's rotation). */
  public Panel panel() {
    return panel;
  }

  /** The packed buffer: what the panel's RAM gets, plane 0 then plane 1. */
  public byte[] buffer() {
    return buffer.clone();
  }

  public int bufferLength() {
    return buffer.length;
  }

  /** Palette index (or RGB565 value) of native pixel (x, y). */
  public int index(int x, int y) {
    return indices[y * panel.width() + x];
  }

  public String etag() {
    return etag;
  }

  /** The colour the panel shows at native pixel (x, y), 0xRRGGBB. */
  public int colour(int x, int y) {
    int v = index(x, y);
    if (panel.palette() == null) {
      int r = v >> 11 & 0x1f;
      int g = v >> 5 & 0x3f;
      int b = v & 0x1f;
      return (r << 3 | r >> 2) << 16 | (g << 2 | g >> 4) << 8 | (b << 3 | b >> 2);
    }
    return panel.palette().rgb(v);
  }

  /**
   * What the panel shows, turned back to the page's orientation (as a person sees the mounted
   * panel): every pixel is a palette colour.
   */
  public BufferedImage preview() {
    int w = panel.width();
    int h = panel.height();
    int[] nativeRgb = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        nativeRgb[y * w + x] = colour(x, y);
      }
    }
    int back = (360 - panel.rotation()) % 360;
    int pw = panel.pageWidth();
    int ph = panel.pageHeight();
    BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
    int[] line = new int[pw];
    for (int y = 0; y < ph; y++) {
      Rotation.line(nativeRgb, w, h, back, y, line);
      img.setRGB(0, y, pw, 1, line, 0, pw);
    }
    return img;
  }

  /** {@link #preview()} as PNG bytes. */
  public byte[] previewPng() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(preview(), "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
