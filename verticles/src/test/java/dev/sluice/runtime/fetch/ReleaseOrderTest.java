package dev.sluice.runtime.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseOrderTest {

  @Test
  void digitRunsCompareAsNumbersAndTheRestAsText() {
    assertThat(ReleaseOrder.compare("v2.10", "v2.9")).isPositive();
    assertThat(ReleaseOrder.compare("20261124-2", "20261124-10")).isNegative();
    assertThat(ReleaseOrder.compare("007", "7")).isZero();
    assertThat(ReleaseOrder.compare("1.0", "1.0.1")).isNegative();
    assertThat(ReleaseOrder.compare("beta", "alpha")).isPositive();
    assertThat(ReleaseOrder.compare("", "1")).isNegative();
    assertThat(ReleaseOrder.compare("99999999999999999999999", "100000000000000000000000")).isNegative();
  }
}
