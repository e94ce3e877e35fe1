package dev.sluice.policy;

/**
 * One thing wrong with a policy (an error) or tolerated in it (a warning), and where.
 *
 * @param pointer JSON Pointer (RFC 6901) to the value concerned, "" for the whole document
 * @param line 1-based line, 0 when the problem has no position (a file that cannot be read)
 * @param column 1-based column, 0 when unknown
 * @param reason what is wrong and what would be valid
 */
public record PolicyProblem(String pointer, int line, int column, String reason) {

  /** The problem as {@code policy check} prints it: {@code FILE:LINE:COL: /pointer: reason}. */
  public String format(String source) {
    StringBuilder sb = new StringBuilder(source);
    if (line > 0) {
      sb.append(':').append(line).append(':').append(column);
    }
    sb.append(": ");
    if (!pointer.isEmpty()) {
      sb.append(pointer).append(": ");
    }
    return sb.append(reason).toString();
  }

  @Override
  public String toString() {
    return format("policy");
  }
}
