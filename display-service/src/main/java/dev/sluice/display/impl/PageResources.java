package dev.sluice.display.impl;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Finds what a page will load: images, stylesheets, and url() references inside CSS. */
public final class PageResources {
  private PageResources() {}

  private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*(['\"]?)(.*?)\\1\\s*\\)",
      Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  /** Absolute URLs (and data: URIs) of the page's images, in document order. */
  public static Set<String> images(Document doc, String base) {
    Set<String> out = new LinkedHashSet<>();
    for (Element img : doc.select("img[src]")) {
      out.add(PageRenderer.resolve(base, img.attr("src")));
    }
    for (Element style : doc.select("style")) {
      out.addAll(cssUrls(style.data(), base));
    }
    for (Element e : doc.select("[style]")) {
      out.addAll(cssUrls(e.attr("style"), base));
    }
    return out;
  }

  /** Absolute URLs of linked stylesheets. */
  public static Set<String> stylesheets(Document doc, String base) {
    Set<String> out = new LinkedHashSet<>();
    for (Element link : doc.select("link[href]")) {
      if (link.attr("rel").toLowerCase(java.util.Locale.ROOT).contains("stylesheet")) {
        out.add(PageRenderer.resolve(base, link.attr("href")));
      }
    }
    return out;
  }

  /** url() references in CSS text, resolved against {@code base}. */
  public static Set<String> cssUrls(String css, String base) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = CSS_URL.matcher(css);
    while (m.find()) {
      String ref = m.group(2).trim();
      if (!ref.isEmpty()) {
        out.add(PageRenderer.resolve(base, ref));
      }
    }
    return out;
  }
}
