package dev.sluice.policy;

import java.util.List;

/**
 * A policy was refused. Carries every problem found, not just the first, so a user can fix a
 * policy in one pass; also the warnings collected before the policy was found invalid.
 */
public final class PolicyException extends Exception {

  private final String source;
  private final List<PolicyProblem> errors;
  private final List<PolicyProblem> warnings;

  public PolicyException(String source, List<PolicyProblem> errors, List<PolicyProblem> warnings) {
    super(summary(source, errors), null, false, false);
    this.source = source;
    this.errors = List.copyOf(errors);
    this.warnings = List.copyOf(warnings);
  }

  private static String summary(String source, List<PolicyProblem> errors) {
    if (errors.isEmpty()) {
      return source + ": invalid policy";
    }
    String first = errors.get(0).format(source);
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
  }

  /** Where the policy came from: a file name, or a label such as "inline". */
  public String source() {
    return source;
  }

  public List<PolicyProblem> errors() {
    return errors;
  }

  public List<PolicyProblem> warnings() {
    return warnings;
  }
}
