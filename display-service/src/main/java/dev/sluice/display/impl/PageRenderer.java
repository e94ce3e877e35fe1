package dev.sluice.display.impl;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jsoup.helper.W3CDom;
import org.jsoup.nodes.Document;
import org.xhtmlrenderer.extend.UserAgentCallback;
import org.xhtmlrenderer.resource.CSSResource;
import org.xhtmlrenderer.resource.ImageResource;
import org.xhtmlrenderer.resource.XMLResource;
import org.xhtmlrenderer.swing.AWTFSImage;
import org.xhtmlrenderer.swing.Java2DRenderer;

/**
 * Lays out and paints a parsed page with Flying Saucer's Java2D renderer at a given size, onto
 * white. It loads nothing itself: images and stylesheets were fetched and decoded beforehand (under
 * the limits) and are served from maps, so layout never blocks on the network. Blocking (CPU).
 */
public final class PageRenderer {
  private PageRenderer() {}

  /**
   * Paints {@code doc} at {@code width} × {@code height}.
   *
   * @return row-major 0xRRGGBB pixels
   */
  public static int[] paint(Document doc, String baseUrl, int width, int height, Map<String, BufferedImage> images,
      Map<String, String> stylesheets) {
    remToPx(doc);
    org.w3c.dom.Document w3c = W3CDom.convert(doc);
    Java2DRenderer r = new WhiteRenderer(w3c, baseUrl == null ? "about:blank" : baseUrl, width, height);
    r.getSharedContext().setUserAgentCallback(new Prepared(baseUrl, images, stylesheets));
    r.getSharedContext().setReplacedElementFactory(new PreparedImages());
    BufferedImage img = r.getImage();
    if (img.getType() == BufferedImage.TYPE_INT_RGB && img.getWidth() == width && img.getHeight() == height) {
      return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }
    // taller content or another type: take the top of it, on white
    BufferedImage out = WhiteRenderer.white(width, height);
    Graphics2D g = out.createGraphics();
    g.drawImage(img, 0, 0, null);
    g.dispose();
    return ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
  }

  private static final java.util.regex.Pattern REM =
      java.util.regex.Pattern.compile("(?<![\\w.-])(\\d+(?:\\.\\d+)?|\\.\\d+)rem\\b");

  /**
   * Flying Saucer 9 is a CSS 2.1 renderer and ignores {@code rem}, which lws supports; rem values
   * in style sheets and attributes become px at the 16 px root size first.
   */
  static void remToPx(Document doc) {
    for (org.jsoup.nodes.Element style : doc.select("style")) {
      String css = style.data();
      String fixed = remToPx(css);
      if (!fixed.equals(css)) {
        style.empty().appendChild(new org.jsoup.nodes.DataNode(fixed));
      }
    }
    for (org.jsoup.nodes.Element e : doc.select("[style]")) {
      e.attr("style", remToPx(e.attr("style")));
    }
  }

  static String remToPx(String css) {
    java.util.regex.Matcher m = REM.matcher(css);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      double px = Double.parseDouble(m.group(1)) * 16;
      m.appendReplacement(out, (px == Math.rint(px) ? Long.toString((long) px) : Double.toString(px)) + "px");
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Resolves a reference against a base as the renderer will (data: URIs stay as they are). */
  public static String resolve(String base, String ref) {
    if (ref == null) {
      return null;
    }
    String r = ref.trim();
    if (r.regionMatches(true, 0, "data:", 0, 5)) {
      return r;
    }
    try {
      URI u = new URI(r.replace(" ", "%20"));
      if (u.isAbsolute() || base == null) {
        return u.toString();
      }
      return new URI(base).resolve(u).toString();
    } catch (Exception e) {
      return r;
    }
  }

  /** Paints on an opaque white RGB image, so transparent pages and PNG alpha blend onto white. */
  private static final class WhiteRenderer extends Java2DRenderer {
    WhiteRenderer(org.w3c.dom.Document doc, String base, int w, int h) {
      super(doc, base, w, h);
    }

    static BufferedImage white(int w, int h) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      java.util.Arrays.fill(((DataBufferInt) img.getRaster().getDataBuffer()).getData(), 0xffffff);
      return img;
    }

    @Override
    protected BufferedImage createBufferedImage(int width, int height) {
      return white(width, height);
    }
  }

  /**
   * Images through the user agent only. Flying Saucer's own factory decodes data: URIs itself and
   * opens other image URLs with java.net, past every limit; this one asks {@link Prepared}.
   */
  private static final class PreparedImages extends org.xhtmlrenderer.swing.SwingReplacedElementFactory {
    @Override
    protected org.xhtmlrenderer.extend.ReplacedElement replaceImage(UserAgentCallback uac,
        org.xhtmlrenderer.layout.LayoutContext context, org.w3c.dom.Element elem, int cssWidth, int cssHeight) {
      String src = context.getNamespaceHandler().getImageSourceURI(elem);
      ImageResource res = src == null || src.isBlank() ? null : uac.getImageResource(src);
      if (res == null || res.getImage() == null) {
        return newIrreplaceableImageElement(cssWidth, cssHeight);
      }
      return new org.xhtmlrenderer.swing.ImageReplacedElement(((AWTFSImage) res.getImage()).getImage(), cssWidth,
          cssHeight);
    }
  }

  /** Flying Saucer's default stylesheet, the one resource it may load itself. */
  private static final java.net.URL DEFAULT_CSS =
      org.xhtmlrenderer.simple.extend.XhtmlNamespaceHandler.class.getResource("/resources/css/XhtmlNamespaceHandler.css");

  /** Serves what was prefetched; anything else is "not found". */
  private static final class Prepared implements UserAgentCallback {
    private String base;
    private final Map<String, BufferedImage> images;
    private final Map<String, String> stylesheets;

    Prepared(String base, Map<String, BufferedImage> images, Map<String, String> stylesheets) {
      this.base = base;
      this.images = images;
      this.stylesheets = stylesheets;
    }

    @Override
    public CSSResource getCSSResource(String uri) {
      if (DEFAULT_CSS != null && DEFAULT_CSS.toString().equals(uri)) {
        // the renderer's own user-agent stylesheet (head hidden, block elements...), from its jar
        try {
          return new CSSResource(DEFAULT_CSS.openStream());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      String css = stylesheets.getOrDefault(resolveURI(uri), "");
      return new CSSResource(new ByteArrayInputStream(css.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public ImageResource getImageResource(String uri) {
      String u = resolveURI(uri);
      BufferedImage img = images.get(u);
      return new ImageResource(u, img == null ? null : AWTFSImage.createImage(img));
    }

    @Override
    public XMLResource getXMLResource(String uri) {
      return XMLResource.load(new StringReader("<html/>"));
    }

    @Override
    public byte[] getBinaryResource(String uri) {
      return null;
    }

    @Override
    public boolean isVisited(String uri) {
      return false;
    }

    @Override
    public void setBaseURL(String url) {
      if (url != null && !url.equals("about:blank")) {
        base = url;
      }
    }

    @Override
    public String getBaseURL() {
      return base;
    }

    @Override
    public String resolveURI(String uri) {
      return resolve(base, uri);
    }
  }
}
