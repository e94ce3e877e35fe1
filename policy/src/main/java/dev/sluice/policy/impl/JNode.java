package dev.sluice.policy.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A JSON value as the lenient reader saw it, with the position where it starts. The policy
 * builder needs positions for every error and warning, which a generic JSON tree does not keep.
 */
public abstract sealed class JNode permits JNode.JObject, JNode.JArray, JNode.JString, JNode.JNumber, JNode.JBool, JNode.JNull {

  /** 1-based line of the value's first character. */
  public final int line;
  /** 1-based column of the value's first character. */
  public final int column;

  JNode(int line, int column) {
    this.line = line;
    this.column = column;
  }

  /** What the value is, as an error message says it: "a string", "an array"... */
  public abstract String kind();

  /** One member of an object, in document order, with the position of its key. */
  public record Member(String key, int line, int column, JNode value) {}

  /** An object; members keep document order and duplicates (the builder decides what they mean). */
  public static final class JObject extends JNode {
    private final List<Member> members = new ArrayList<>();

    JObject(int line, int column) {
      super(line, column);
    }

    void add(Member m) {
      members.add(m);
    }

    public List<Member> members() {
      return Collections.unmodifiableList(members);
    }

    @Override
    public String kind() {
      return "an object";
    }
  }

  /** An array. */
  public static final class JArray extends JNode {
    private final List<JNode> items = new ArrayList<>();

    JArray(int line, int column) {
      super(line, column);
    }

    void add(JNode n) {
      items.add(n);
    }

    public List<JNode> items() {
      return Collections.unmodifiableList(items);
    }

    @Override
    public String kind() {
      return "an array";
    }
  }

  /** A string, unescaped. */
  public static final class JString extends JNode {
    public final String value;

    JString(int line, int column, String value) {
      super(line, column);
      this.value = value;
    }

    @Override
    public String kind() {
      return "a string";
    }
  }

  /** A number, kept as its source text so range checks can quote exactly what was written. */
  public static final class JNumber extends JNode {
    public final String text;

    JNumber(int line, int column, String text) {
      super(line, column);
      this.text = text;
    }

    /** True when the text is an integer without fraction or exponent. */
    public boolean isInteger() {
      return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
    }

    @Override
    public String kind() {
      return "a number";
    }
  }

  /** true or false. */
  public static final class JBool extends JNode {
    public final boolean value;

    JBool(int line, int column, boolean value) {
      super(line, column);
      this.value = value;
    }

    @Override
    public String kind() {
      return value ? "true" : "false";
    }
  }

  /** null. */
  public static final class JNull extends JNode {
    JNull(int line, int column) {
      super(line, column);
    }

    @Override
    public String kind() {
      return "null";
    }
  }
}
