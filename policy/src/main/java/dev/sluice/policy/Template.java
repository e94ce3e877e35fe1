package dev.sluice.policy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A policy string with {@code ${name}} placeholders (endpoint, http_url, MQTT topics, will and
 * birth), parsed once when the policy is parsed and expanded at connect time from the stream's
 * metadata. An unset name expands to "", as in lws.
 */
public final class Template {

  private final String source;
  /** Literal text (String) and placeholders (Var), in order. */
  private final List<Object> parts;

  private record Var(String name) {}

  private Template(String source, List<Object> parts) {
    this.source = source;
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the problem: an unterminated or empty {@code ${}}
   */
  public static Template parse(String source) {
    List<Object> parts = new ArrayList<>();
    int i = 0;
    StringBuilder lit = new StringBuilder();
    while (i < source.length()) {
      int open = source.indexOf("${", i);
      if (open < 0) {
        lit.append(source, i, source.length());
        break;
      }
      lit.append(source, i, open);
      int close = source.indexOf('}', open + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated \"${\" at character " + (open + 1));
      }
      String name = source.substring(open + 2, close);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("empty \"${}\" at character " + (open + 1));
      }
      if (lit.length() > 0) {
        parts.add(lit.toString());
        lit.setLength(0);
      }
      parts.add(new Var(name));
      i = close + 1;
    }
    if (lit.length() > 0) {
      parts.add(lit.toString());
    }
    return new Template(source, List.copyOf(parts));
  }

  /** The names of the placeholders, in order of first use. */
  public Set<String> names() {
    Set<String> names = new LinkedHashSet<>();
    for (Object p : parts) {
      if (p instanceof Var v) {
        names.add(v.name);
      }
    }
    return names;
  }

  /** True when there is nothing to substitute. */
  public boolean isConstant() {
    return parts.stream().noneMatch(p -> p instanceof Var);
  }

  /** Substitutes every placeholder; a null from {@code lookup} (an unset name) gives "". */
  public String expand(Function<String, String> lookup) {
    if (parts.size() == 1 && parts.get(0) instanceof String s) {
      return s;
    }
    StringBuilder sb = new StringBuilder(source.length() + 32);
    for (Object p : parts) {
      if (p instanceof Var v) {
        String value = lookup.apply(v.name);
        if (value != null) {
          sb.append(value);
        }
      } else {
        sb.append((String) p);
      }
    }
    return sb.toString();
  }

  /** The template as written in the policy. */
  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Template t && t.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
