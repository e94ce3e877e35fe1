package dev.sluice.policy;

import java.util.List;

/**
 * A valid policy and what was tolerated in it.
 *
 * @param policy the model
 * @param warnings each leniency used and each key ignored, with its position
 * @param source where the policy came from (a file name, or a label)
 */
public record ParsedPolicy(Policy policy, List<PolicyProblem> warnings, String source) {

  public ParsedPolicy {
    warnings = List.copyOf(warnings);
  }
}
