package dev.sluice.policy;

import dev.sluice.policy.impl.JNode;
import dev.sluice.policy.impl.LenientJsonReader;
import dev.sluice.policy.impl.PolicyBuilder;
import dev.sluice.policy.impl.Problems;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Parses and validates lws-format policies.
 *
 * <p>Accepts every policy lws accepts, including its leniencies (a trailing comma, a '}' closing an
 * array, a policy cut short, numbers as strings), reporting each one as a warning; refuses what
 * lws refuses (an unknown protocol, a name used before it is defined, limits on backoff, trust
 * stores, certs, response maps, metadata and names) and what Sluice adds (size and depth limits,
 * NUL bytes, invalid UTF-8, wrong value types), reporting every problem at once.
 *
 * <p>Thread-safe and stateless apart from its limits.
 */
public final class PolicyParser {

  private final PolicyLimits limits;

  public PolicyParser() {
    this(PolicyLimits.DEFAULT);
  }

  public PolicyParser(PolicyLimits limits) {
    this.limits = limits;
  }

  /** Parses a whole policy read from a file; relative paths in it resolve against its directory. */
  public ParsedPolicy parse(Path file) throws PolicyException {
    return parse(null, read(file), file.toString(), file.toAbsolutePath().getParent());
  }

  /** Parses a whole policy given as bytes. */
  public ParsedPolicy parse(byte[] json, String source) throws PolicyException {
    return parse(null, json, source, null);
  }

  /** Parses a whole policy given as bytes; relative paths in it resolve against {@code baseDir}. */
  public ParsedPolicy parse(byte[] json, String source, Path baseDir) throws PolicyException {
    return parse(null, json, source, baseDir);
  }

  public ParsedPolicy parse(String json, String source) throws PolicyException {
    return parse(json.getBytes(StandardCharsets.UTF_8), source);
  }

  /**
   * Lays a fragment over {@code base} as lws's {@code lws_ss_policy_overlay()} does: streamtypes
   * of the same name get the fragment's keys set over theirs, new names are added, and the
   * fragment may use (and add) retry, cert, trust store and auth names.
   */
  public ParsedPolicy overlay(Policy base, byte[] fragment, String source) throws PolicyException {
    return parse(base, fragment, source, null);
  }

  private ParsedPolicy parse(Policy base, byte[] json, String source, Path baseDir) throws PolicyException {
    Problems problems = new Problems();
    if (json.length > limits.maxBytes()) {
      problems.error(new PolicyProblem("", 0, 0, "the policy is " + json.length + " bytes, over the limit of "
          + limits.maxBytes() + " bytes"));
      throw new PolicyException(source, problems.errors(), List.of());
    }
    String text = decode(json, problems);
    if (text == null || containsNul(text, problems)) {
      throw new PolicyException(source, problems.errors(), List.of());
    }
    LenientJsonReader.Result read = LenientJsonReader.read(text, limits.maxDepth());
    read.warnings().forEach(problems::warn);
    if (read.error() != null) {
      problems.error(read.error());
      throw new PolicyException(source, problems.errors(), problems.warnings());
    }
    JNode root = read.root();
    if (root == null) {
      // The reader forgives a policy cut short inside its last value; with nothing before that
      // value there is no policy at all (e.g. a lone truncated string or literal).
      problems.error(new PolicyProblem("", 1, 1, "the policy holds no complete JSON value (it ends inside its"
          + " first value)"));
      throw new PolicyException(source, problems.errors(), problems.warnings());
    }
    Policy policy = PolicyBuilder.build(root, base, problems, baseDir);
    if (problems.hasErrors()) {
      throw new PolicyException(source, problems.errors(), problems.warnings());
    }
    return new ParsedPolicy(policy, problems.warnings(), source);
  }

  private static byte[] read(Path file) throws PolicyException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw unreadable(file, "no such file");
    } catch (IOException e) {
      throw unreadable(file, "cannot be read: " + e.getMessage());
    }
  }

  private static PolicyException unreadable(Path file, String why) {
    return new PolicyException(file.toString(), List.of(new PolicyProblem("", 0, 0, why)), List.of());
  }

  /** Strict UTF-8; a bad byte becomes an error at its line and column. A BOM is skipped with a warning. */
  private static String decode(byte[] bytes, Problems problems) {
    int start = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      problems.warn("", 1, 1, "UTF-8 byte order mark skipped (lws would refuse it; remove it)");
      start = 3;
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = dec.decode(in, out, true);
    if (r.isError()) {
      int bad = in.position();
      out.flip();
      int[] lc = lineColumn(out, out.limit());
      problems.error(new PolicyProblem("", lc[0], lc[1], String.format(
          "invalid UTF-8: byte 0x%02x at offset %d", bytes[bad] & 0xff, bad)));
      return null;
    }
    dec.flush(out);
    out.flip();
    return out.toString();
  }

  private static boolean containsNul(String text, Problems problems) {
    int nul = text.indexOf('\0');
    if (nul < 0) {
      return false;
    }
    int[] lc = lineColumn(text, nul);
    problems.error(new PolicyProblem("", lc[0], lc[1], "NUL byte in the policy"));
    return true;
  }

  /** 1-based line and column of character {@code index}. */
  private static int[] lineColumn(CharSequence text, int index) {
    int line = 1;
    int col = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        col = 1;
      } else {
        col++;
      }
    }
    return new int[] {line, col};
  }
}
