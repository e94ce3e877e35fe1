package dev.sluice.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.IntSupplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** lws's lws_retry_get_delay_ms(), value for value. */
class RetryScheduleTest {

  private static IntSupplier fixed(int... values) {
    int[] i = {0};
    return () -> values[i[0]++ % values.length];
  }

  private static final RetryPolicy LWS_DEFAULT = new RetryPolicy("default", List.of(1000, 2000, 3000, 5000, 10000), 5, 20,
      30, 35);

  @Test
  void delaysFollowTheTableWithJitterScaledByTheRandomValue() {
    // ms += ((ms * pc * ra) >> 16) / 100 with pc = 20
    RetrySchedule s = new RetrySchedule(LWS_DEFAULT, fixed(0, 32768, 65535, 65535, 65535, 65535));
    assertThat(s.next().delayMs()).isEqualTo(1000);                       // ra 0: no jitter
    assertThat(s.next().delayMs()).isEqualTo(2000 + ((2000L * 20 * 32768) >> 16) / 100); // 2000 + 200
    assertThat(s.next().delayMs()).isEqualTo(3000 + ((3000L * 20 * 65535) >> 16) / 100); // 3000 + 599
    assertThat(s.next().delayMs()).isEqualTo(5000 + ((5000L * 20 * 65535) >> 16) / 100); // 5000 + 999
    assertThat(s.next().delayMs()).isEqualTo(10000 + ((10000L * 20 * 65535) >> 16) / 100); // 10000 + 1999
    // past the end of the table the last entry is reused
    assertThat(s.next().delayMs()).isEqualTo(11999);
  }

  @Test
  void concealHidesTheFirstFailuresThenGivesUp() {
    RetrySchedule s = new RetrySchedule(LWS_DEFAULT, fixed(0));
    for (int i = 1; i <= 5; i++) {
      RetrySchedule.Step step = s.next();
      assertThat(step.conceal()).as("attempt %d", i).isTrue();
      assertThat(step.tries()).isEqualTo(i);
    }
    assertThat(s.next().conceal()).as("the 6th failure is not concealed: ALL_RETRIES_FAILED").isFalse();
  }

  @Test
  void withoutAPolicyLwsWaitsThreeSecondsWithThirtyPercentJitterAndGivesUpAtOnce() {
    RetrySchedule s = new RetrySchedule(null, fixed(65535));
    RetrySchedule.Step step = s.next();
    assertThat(step.delayMs()).isEqualTo(3000 + ((3000L * 30 * 65535) >> 16) / 100); // 3899
    assertThat(step.conceal()).isFalse();
  }

  @Test
  void aZeroJitterPercentMeansLwsDefaultOfThirty() {
    RetryPolicy p = new RetryPolicy("r", List.of(1000), 3, 0, 0, 0);
    assertThat(new RetrySchedule(p, fixed(65535)).next().delayMs()).isEqualTo(1000 + ((1000L * 30 * 65535) >> 16) / 100);
  }

  @Test
  void anEmptyTableUsesThreeSeconds() {
    RetryPolicy p = new RetryPolicy("r", List.of(), 3, 10, 0, 0);
    assertThat(new RetrySchedule(p, fixed(0)).next().delayMs()).isEqualTo(3000);
  }

  @Test
  void retryAfterCanOnlyLengthenTheWait() {
    RetrySchedule s = new RetrySchedule(LWS_DEFAULT, fixed(0));
    assertThat(s.next(200).delayMs()).as("shorter than the schedule: ignored").isEqualTo(1000);
    assertThat(s.next(7000).delayMs()).as("longer: taken").isEqualTo(7000);
  }

  @Test
  void resetStartsTheTableAgain() {
    RetrySchedule s = new RetrySchedule(LWS_DEFAULT, fixed(0));
    s.next();
    s.next();
    s.reset();
    assertThat(s.tries()).isZero();
    assertThat(s.next().delayMs()).isEqualTo(1000);
  }

  @Test
  void concealOf65535MeansEffectivelyForever() {
    RetrySchedule s = new RetrySchedule(new RetryPolicy("f", List.of(1), 65535, 1, 0, 0), fixed(0));
    for (int i = 0; i < 70000; i++) {
      assertThat(s.next().conceal()).isTrue();
    }
    assertThat(s.tries()).as("the count saturates at 0xffff as in lws").isEqualTo(0xffff);
  }

  @Property(tries = 300)
  void jitterStaysWithinItsBounds(@ForAll @IntRange(min = 1, max = 100_000) int ms,
      @ForAll @IntRange(min = 0, max = 255) int pc, @ForAll @IntRange(min = 0, max = 65535) int ra) {
    RetrySchedule s = new RetrySchedule(new RetryPolicy("p", List.of(ms), 1, pc, 0, 0), () -> ra);
    long d = s.next().delayMs();
    int effective = pc == 0 ? 30 : pc;
    assertThat(d).isGreaterThanOrEqualTo(ms).isLessThanOrEqualTo(ms + (long) ms * effective / 100);
  }
}
