package dev.sluice.ss.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The metadata overlay a stream writes its changes into agrees with a plain copy of its base after
 * any sequence of puts and removes: reads, containsKey, size and iteration.
 */
class OverlayMapTest {

  private static final List<String> NAMES = List.of("mime", "a", "b", "c", "d", "x");

  @Test
  void agreesWithACopyAfterRandomChanges() {
    for (int seed = 0; seed < 500; seed++) {
      Random r = new Random(seed);
      Map<String, String> base = Map.of("a", "1", "b", "2", "c", "3");
      HostStreamBase.OverlayMap overlay = new HostStreamBase.OverlayMap(base);
      Map<String, String> expected = new HashMap<>(base);
      int ops = r.nextInt(8);
      for (int i = 0; i < ops; i++) {
        String name = NAMES.get(r.nextInt(NAMES.size()));
        if (r.nextInt(3) == 0) {
          assertThat(overlay.remove(name)).as("seed %d remove %s", seed, name).isEqualTo(expected.remove(name));
        } else {
          String value = "v" + i;
          assertThat(overlay.put(name, value)).as("seed %d put %s", seed, name).isEqualTo(expected.put(name, value));
        }
      }
      for (String name : NAMES) {
        assertThat(overlay.get(name)).as("seed %d get %s", seed, name).isEqualTo(expected.get(name));
        assertThat(overlay.containsKey(name)).as("seed %d has %s", seed, name).isEqualTo(expected.containsKey(name));
      }
      assertThat(overlay).as("seed %d", seed).isEqualTo(expected).hasSize(expected.size());
      assertThat(base).as("the base is never written").containsOnlyKeys("a", "b", "c");
    }
  }
}
