package dev.sluice.policy;

/**
 * One {@code metrics[]} entry, parsed as lws does (its meaning is lws's: µs schedule and
 * half-life, a minimum number of outliers, and the name of the reporting streamtype).
 */
public record MetricsPolicy(String name, long usSchedule, long usHalflife, int minOutlier, String report) {}
