package dev.sluice.policy.impl;

import dev.sluice.policy.PolicyProblem;
import java.util.ArrayList;
import java.util.List;

/** Collects the errors and warnings of one parse, in the order they were found. */
public final class Problems {

  private final List<PolicyProblem> errors = new ArrayList<>();
  private final List<PolicyProblem> warnings = new ArrayList<>();

  public void error(String pointer, JNode at, String reason) {
    errors.add(new PolicyProblem(pointer, at.line, at.column, reason));
  }

  public void error(PolicyProblem p) {
    errors.add(p);
  }

  public void warn(String pointer, int line, int column, String reason) {
    warnings.add(new PolicyProblem(pointer, line, column, reason));
  }

  public void warn(PolicyProblem p) {
    warnings.add(p);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  public List<PolicyProblem> errors() {
    return List.copyOf(errors);
  }

  /** The warnings in document order (the reader's and the builder's interleaved by position). */
  public List<PolicyProblem> warnings() {
    List<PolicyProblem> sorted = new ArrayList<>(warnings);
    sorted.sort(java.util.Comparator.comparingInt(PolicyProblem::line).thenComparingInt(PolicyProblem::column));
    return List.copyOf(sorted);
  }
}
