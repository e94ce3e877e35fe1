package dev.sluice.policy;

/**
 * One metadata item a streamtype declares: {@code {"ctype": "content-type:"}}.
 *
 * @param name the metadata name applications set and read
 * @param binding "" for a plain symbol, or what lws puts on the right: an HTTP header name with a
 *     trailing ':' (sent as a request header, filled from the response header)
 * @param index position in declaration order, as lws indexes per-handle metadata
 */
public record MetadataDecl(String name, String binding, int index) {

  /** The HTTP header this item is bound to, lower case and without ':'; "" if none. */
  public String headerName() {
    if (binding.endsWith(":")) {
      return binding.substring(0, binding.length() - 1).toLowerCase(java.util.Locale.ROOT);
    }
    return "";
  }

  /** True when the binding is a header name (trailing ':'), as lws's header mapping requires. */
  public boolean isHeader() {
    return binding.endsWith(":") && binding.length() > 1;
  }
}
