package dev.sluice.display;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a render may fetch and decode. From the {@code "limits"} object of runtime.json's display
 * section; every key is optional.
 *
 * @param allowHosts host names, {@code *.suffix} patterns, IP addresses or CIDR blocks that pages
 *     and images may come from; empty means any public host. Loopback, link-local and private
 *     addresses are refused unless an IP or CIDR entry here covers them.
 * @param allowLocalFiles whether {@code file:} URLs are read (the CLI's {@code render FILE}); never
 *     for the service
 * @param maxPageBytes largest HTML or CSS document
 * @param maxImageBytes largest image file
 * @param maxImagePixels largest image (width × height), checked from the header before decoding
 * @param maxResources most images and stylesheets one page may load
 * @param fetchTimeoutMs time for one fetch, redirects included
 * @param decodeTimeoutMs time for decoding one image
 * @param maxRedirects redirects followed per fetch (each one checked again)
 */
public record DisplayLimits(List<String> allowHosts, boolean allowLocalFiles, long maxPageBytes, long maxImageBytes,
    long maxImagePixels, int maxResources, long fetchTimeoutMs, long decodeTimeoutMs, int maxRedirects) {

  public DisplayLimits {
    allowHosts = List.copyOf(allowHosts);
  }

  public static DisplayLimits defaults() {
    return new DisplayLimits(List.of(), false, 2 << 20, 8 << 20, 16L << 20, 64, 10_000, 5_000, 5);
  }

  /** Reads the keys of {@link DisplayLimits} from JSON; absent keys keep their defaults. */
  public static DisplayLimits fromJson(JsonObject j) {
    DisplayLimits d = defaults();
    if (j == null) {
      return d;
    }
    JsonArray hosts = j.getJsonArray("allowHosts", new JsonArray());
    return new DisplayLimits(hosts.stream().map(String::valueOf).toList(),
        j.getBoolean("allowLocalFiles", d.allowLocalFiles),
        j.getLong("maxPageBytes", d.maxPageBytes), j.getLong("maxImageBytes", d.maxImageBytes),
        j.getLong("maxImagePixels", d.maxImagePixels), j.getInteger("maxResources", d.maxResources),
        j.getLong("fetchTimeoutMs", d.fetchTimeoutMs), j.getLong("decodeTimeoutMs", d.decodeTimeoutMs),
        j.getInteger("maxRedirects", d.maxRedirects));
  }

  public DisplayLimits withAllowHosts(List<String> hosts) {
    return new DisplayLimits(hosts, allowLocalFiles, maxPageBytes, maxImageBytes, maxImagePixels, maxResources,
        fetchTimeoutMs, decodeTimeoutMs, maxRedirects);
  }

  public DisplayLimits withAllowLocalFiles(boolean allow) {
    return new DisplayLimits(allowHosts, allow, maxPageBytes, maxImageBytes, maxImagePixels, maxResources,
        fetchTimeoutMs, decodeTimeoutMs, maxRedirects);
  }

  public DisplayLimits withImageLimits(long bytes, long pixels, long decodeMs) {
    return new DisplayLimits(allowHosts, allowLocalFiles, maxPageBytes, bytes, pixels, maxResources,
        fetchTimeoutMs, decodeMs, maxRedirects);
  }

  public DisplayLimits withFetchLimits(long pageBytes, long timeoutMs, int redirects) {
    return new DisplayLimits(allowHosts, allowLocalFiles, pageBytes, maxImageBytes, maxImagePixels, maxResources,
        timeoutMs, decodeTimeoutMs, redirects);
  }
}
