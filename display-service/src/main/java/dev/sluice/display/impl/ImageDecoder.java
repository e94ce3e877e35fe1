package dev.sluice.display.impl;

import dev.sluice.display.DisplayException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes PNG and JPEG (baseline, progressive, CMYK through TwelveMonkeys) under limits: the file
 * size, the format from its first bytes, the pixel count from the header before any pixel is
 * allocated, and a time budget after which the reader is aborted. Blocking: call it off the event
 * loop. Thread-safe.
 */
public final class ImageDecoder {

  /** Aborts readers that overrun their budget; one daemon thread for the JVM. */
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "sluice-image-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final long maxBytes;
  private final long maxPixels;
  private final long budgetMs;

  public ImageDecoder(long maxBytes, long maxPixels, long budgetMs) {
    this.maxBytes = maxBytes;
    this.maxPixels = maxPixels;
    this.budgetMs = budgetMs;
  }

  /** "png" or "jpeg" from the magic bytes, or null. */
  static String sniff(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0d
        && b[5] == 0x0a && b[6] == 0x1a && b[7] == 0x0a) {
      return "png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "jpeg";
    }
    return null;
  }

  /**
   * Decodes one image.
   *
   * @param what names the image in errors (its URL)
   * @throws DisplayException with rule image.bytes, image.format, image.pixels, image.decode or
   *     image.time
   */
  public BufferedImage decode(byte[] bytes, String what) {
    if (bytes.length > maxBytes) {
      throw new DisplayException("image.bytes", what + ": " + bytes.length + " bytes, over the limit of " + maxBytes);
    }
    String format = sniff(bytes);
    if (format == null) {
      throw new DisplayException("image.format", what + ": not a PNG or JPEG (" + bytes.length + " bytes, starts "
          + hex(bytes) + ")");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
      if (!readers.hasNext()) {
        throw new DisplayException("image.format", what + ": no " + format + " reader");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        long w = reader.getWidth(0);
        long h = reader.getHeight(0);
        if (w < 1 || h < 1 || w * h > maxPixels) {
          throw new DisplayException("image.pixels", what + ": " + format + " header says " + w + "x" + h + " = "
              + w * h + " pixels, over the limit of " + maxPixels);
        }
        AtomicBoolean aborted = new AtomicBoolean();
        ScheduledFuture<?> timer = WATCHDOG.schedule(() -> {
          aborted.set(true);
          reader.abort();
        }, budgetMs, TimeUnit.MILLISECONDS);
        BufferedImage img;
        try {
          img = reader.read(0);
        } catch (IOException | RuntimeException e) {
          if (aborted.get()) {
            throw new DisplayException("image.time", what + ": decoding took longer than " + budgetMs + " ms", e);
          }
          throw e;
        } finally {
          timer.cancel(false);
        }
        if (aborted.get()) {
          throw new DisplayException("image.time", what + ": decoding took longer than " + budgetMs + " ms");
        }
        return img;
      } finally {
        reader.dispose();
      }
    } catch (DisplayException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DisplayException("image.decode", what + ": broken " + format + ": " + e.getMessage(), e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(String.format("%02x", b[i] & 0xff));
    }
    return s.length() == 0 ? "(empty)" : s.toString();
  }
}
