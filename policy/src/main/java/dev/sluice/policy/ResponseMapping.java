package dev.sluice.policy;

/**
 * One {@code http_resp_map} entry: an HTTP status delivered to the application as a state.
 *
 * @param status the HTTP response status, e.g. 530
 * @param state the state number to report, usually at or above 1000 (lws's USER_BASE)
 */
public record ResponseMapping(int status, int state) {}
