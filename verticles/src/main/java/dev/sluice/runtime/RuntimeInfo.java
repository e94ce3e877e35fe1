package dev.sluice.runtime;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The components {@link SluiceRuntime} has deployed in one Vert.x instance, for pages that show
 * what is running (the web server's landing page). Thread-safe; empty when nothing was deployed
 * through the runtime.
 */
public final class RuntimeInfo implements Shareable {

  /**
   * One deployed component.
   *
   * @param name its runtime.json section
   * @param describable what it says about itself, or null when it says nothing
   */
  public record Component(String name, Describable describable) {

    /** What the component serves, asked now (empty when it says nothing). */
    public List<String> describe() {
      return describable == null ? List.of() : describable.describe();
    }
  }

  /** In deployment order; written by SluiceRuntime, read from any thread. */
  private final List<Component> components = new CopyOnWriteArrayList<>();

  public static RuntimeInfo of(Vertx vertx) {
    LocalMap<String, RuntimeInfo> map = vertx.sharedData().getLocalMap("sluice.runtime");
    RuntimeInfo info = map.get("runtime-info");
    if (info == null) {
      RuntimeInfo fresh = new RuntimeInfo();
      info = map.putIfAbsent("runtime-info", fresh);
      if (info == null) {
        info = fresh;
      }
    }
    return info;
  }

  public List<Component> components() {
    return List.copyOf(components);
  }

  void added(Component c) {
    components.add(c);
  }

  void cleared() {
    components.clear();
  }
}
