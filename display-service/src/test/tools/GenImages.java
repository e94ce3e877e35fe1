// Writes the test images under src/test/resources/pages/img (run once: java -cp <display-service test classpath> GenImages.java DIR).
import java.awt.*;
import java.awt.image.*;
import java.io.*;
import java.util.*;
import javax.imageio.*;
import javax.imageio.stream.*;

public class GenImages {
  public static void main(String[] a) throws Exception {
    File dir = new File(a[0]);
    // PNG with alpha: a red disc on transparent, a half-transparent white bar across
    BufferedImage logo = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = logo.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(new Color(0xd0, 0, 0));
    g.fillOval(4, 4, 56, 56);
    g.setColor(new Color(255, 255, 255, 128));
    g.fillRect(0, 28, 64, 8);
    g.dispose();
    ImageIO.write(logo, "png", new File(dir, "logo.png"));
    // baseline JPEG: a left-to-right grey ramp
    BufferedImage ramp = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 80; y++) for (int x = 0; x < 120; x++) { int v = x * 255 / 119; ramp.setRGB(x, y, v << 16 | v << 8 | v); }
    jpeg(ramp, new File(dir, "ramp.jpg"), false);
    // progressive JPEG: solid blue top half, yellow bottom half
    BufferedImage by = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 80; y++) for (int x = 0; x < 120; x++) by.setRGB(x, y, y < 40 ? 0x0000ff : 0xffff00);
    jpeg(by, new File(dir, "progressive.jpg"), true);
    // CMYK JPEG (Adobe APP14, inverted samples as Photoshop writes them): C 90% M 80% Y 20% K 40%
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 40, 40, 4, null);
    for (int y = 0; y < 40; y++) for (int x = 0; x < 40; x++) r.setPixel(x, y, new int[] {25, 51, 204, 153});
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    // use the JDK's writer, which writes an Adobe marker for 4 channels
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    while (it.hasNext()) { ImageWriter c = it.next(); if (c.getClass().getName().startsWith("com.sun")) w = c; }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(new File(dir, "cmyk.jpg"))) {
      w.setOutput(out);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.95f);
      w.write(null, new IIOImage(r, null, null), p);
    }
    // the JDK writes no Adobe APP14 marker; add one (transform 0: plain CMYK, Adobe-inverted samples)
    byte[] raw = java.nio.file.Files.readAllBytes(new File(dir, "cmyk.jpg").toPath());
    byte[] app14 = {(byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
    byte[] fixed = new byte[raw.length + app14.length];
    System.arraycopy(raw, 0, fixed, 0, 2);
    System.arraycopy(app14, 0, fixed, 2, app14.length);
    System.arraycopy(raw, 2, fixed, 2 + app14.length, raw.length - 2);
    java.nio.file.Files.write(new File(dir, "cmyk.jpg").toPath(), fixed);
    for (String n : new String[] {"logo.png", "ramp.jpg", "progressive.jpg", "cmyk.jpg"}) {
      BufferedImage back = ImageIO.read(new File(dir, n));
      System.out.printf("%s %dx%d type %d px(5,5)=%08x px(5,60)=%08x%n", n, back.getWidth(), back.getHeight(), back.getType(), back.getRGB(5, 5), back.getRGB(5, Math.min(60, back.getHeight() - 1)));
    }
  }
  static void jpeg(BufferedImage img, File f, boolean progressive) throws Exception {
    ImageWriter w = null;
    Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
    while (it.hasNext()) { ImageWriter c = it.next(); if (c.getClass().getName().startsWith("com.sun")) w = c; }
    try (ImageOutputStream out = ImageIO.createImageOutputStream(f)) {
      w.setOutput(out);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.92f);
      if (progressive) p.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      w.write(null, new IIOImage(img, null, null), p);
    }
  }
}
