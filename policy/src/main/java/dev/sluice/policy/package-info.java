/**
 * The Secure Streams policy as data: {@link dev.sluice.policy.PolicyParser} reads lws-format JSON
 * (every key lws knows, with its leniencies reported as warnings) into the immutable {@link
 * dev.sluice.policy.Policy}; {@link dev.sluice.policy.Template} expands {@code ${metadata}};
 * {@link dev.sluice.policy.RetrySchedule} computes lws's backoff; {@link
 * dev.sluice.policy.TrustStores} turns trust stores into JDK trust managers. No Vert.x, no I/O
 * beyond reading a file.
 */
package dev.sluice.policy;
