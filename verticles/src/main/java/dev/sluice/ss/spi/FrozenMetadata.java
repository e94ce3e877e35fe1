package dev.sluice.ss.spi;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * Metadata whose values never change once made and may be read from any thread: {@link StreamSpec}
 * and the application's handle keep it as it is instead of copying it. A host extends it to answer
 * reads straight from what it already holds (an accepted request's headers), so a stream whose
 * metadata is never read in full costs no map.
 *
 * <p>Subclasses implement {@link #get} and {@link #computeAll}; the full map is made on the first
 * call that needs it (iteration, size) and kept.
 */
public abstract class FrozenMetadata extends AbstractMap<String, String> {

  /** Every name and value, made on first use; racy but benign (the result is always the same). */
  private Map<String, String> all;

  /** The value of {@code name}, or null; must agree with {@link #computeAll()}. */
  @Override
  public abstract String get(Object name);

  /** Every name and value (called at most a few times, on any thread). */
  protected abstract Map<String, String> computeAll();

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    Map<String, String> m = all;
    if (m == null) {
      m = Collections.unmodifiableMap(computeAll());
      all = m;
    }
    return m.entrySet();
  }

  /** {@code metadata} itself when it is frozen, else an immutable copy. */
  public static Map<String, String> freeze(Map<String, String> metadata) {
    return metadata instanceof FrozenMetadata ? metadata : Map.copyOf(metadata);
  }
}
