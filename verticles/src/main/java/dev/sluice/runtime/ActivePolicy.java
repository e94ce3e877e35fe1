package dev.sluice.runtime;

import dev.sluice.policy.ParsedPolicy;
import dev.sluice.policy.Policy;
import java.time.Instant;

/**
 * The policy in force, with a version that grows by one on every accepted reload. Streams keep
 * the ActivePolicy they were created with; new streams take the newest.
 *
 * @param version 1 for the policy loaded at start, then 2, 3...
 * @param parsed the policy and the warnings it was accepted with
 * @param json the policy text as loaded (what {@code sluice.policy.get} hands to other nodes)
 * @param loadedAt when it was accepted
 */
public record ActivePolicy(long version, ParsedPolicy parsed, String json, Instant loadedAt) {

  public Policy policy() {
    return parsed.policy();
  }

  public String source() {
    return parsed.source();
  }
}
