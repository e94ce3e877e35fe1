package dev.sluice.policy;

/**
 * Bounds on policy input, checked before and during parsing so a hostile policy cannot exhaust
 * memory or stack.
 *
 * @param maxBytes largest policy accepted, in bytes
 * @param maxDepth deepest nesting of arrays and objects accepted
 */
public record PolicyLimits(int maxBytes, int maxDepth) {

  public static final int DEFAULT_MAX_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_DEPTH = 32;
  public static final PolicyLimits DEFAULT = new PolicyLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH);

  public PolicyLimits {
    if (maxBytes < 2) {
      throw new IllegalArgumentException("maxBytes must be at least 2, got " + maxBytes);
    }
    if (maxDepth < 4) {
      throw new IllegalArgumentException("maxDepth must be at least 4 (a policy needs 4 levels), got " + maxDepth);
    }
  }
}
