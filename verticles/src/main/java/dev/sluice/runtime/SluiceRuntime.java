package dev.sluice.runtime;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deploys the components {@code conf/runtime.json} asks for, in order, and undeploys them in
 * reverse on {@link #close()}. Each top-level section of runtime.json configures the component of
 * that name (see {@link ComponentFactory}); unknown sections are reported, not ignored silently.
 */
public final class SluiceRuntime {

  private static final Logger log = LoggerFactory.getLogger(SluiceRuntime.class);
  /** Sections the launcher reads itself (before Vert.x exists), not components. */
  private static final java.util.Set<String> LAUNCHER_SECTIONS = java.util.Set.of("cluster");

  private final Vertx vertx;
  /** Deployment ids in deployment order. */
  private final List<String> deployments = new ArrayList<>();
  /** What each deployed component says about itself, for the summary. */
  private final List<Describable> describables = new ArrayList<>();

  private SluiceRuntime(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The component factories on the class path, in deployment order. */
  public static List<ComponentFactory> factories() {
    List<ComponentFactory> l = new ArrayList<>();
    ServiceLoader.load(ComponentFactory.class).forEach(l::add);
    l.sort(Comparator.comparingInt(ComponentFactory::order).thenComparing(ComponentFactory::name));
    return l;
  }

  /**
   * Deploys every enabled component. If one fails, those already deployed are undeployed and the
   * future fails with the first failure.
   */
  public static Future<SluiceRuntime> start(Vertx vertx, JsonObject conf, Path confDir) {
    SluiceRuntime rt = new SluiceRuntime(vertx);
    List<ComponentFactory> factories = factories();
    for (String section : conf.fieldNames()) {
      if (factories.stream().noneMatch(f -> f.name().equals(section)) && !LAUNCHER_SECTIONS.contains(section)) {
        log.warn("runtime.json: section \"{}\" names no component and is ignored (components: {})", section,
            factories.stream().map(ComponentFactory::name).toList());
      }
    }
    Future<Void> chain = Future.succeededFuture();
    for (ComponentFactory f : factories) {
      JsonObject section = conf.getJsonObject(f.name());
      if (section == null && !f.enabledByDefault() || section != null && !section.getBoolean("enabled", true)) {
        continue;
      }
      JsonObject config = section == null ? new JsonObject() : section.copy();
      chain = chain.compose(v -> rt.deploy(f, config, confDir));
    }
    return chain.transform(ar -> ar.succeeded() ? Future.succeededFuture(rt)
        : rt.close().transform(ignored -> Future.failedFuture(ar.cause())));
  }

  private Future<Void> deploy(ComponentFactory f, JsonObject config, Path confDir) {
    Deployable d;
    try {
      d = f.create(config, confDir);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException("runtime.json \"" + f.name() + "\": " + e.getMessage(), e));
    }
    return vertx.deployVerticle(d).map(id -> {
      deployments.add(id);
      if (d instanceof Describable desc) {
        describables.add(desc);
      }
      RuntimeInfo.of(vertx).added(new RuntimeInfo.Component(f.name(), d instanceof Describable desc ? desc : null));
      log.debug("deployed {} as {}", f.name(), id);
      return null;
    });
  }

  /** One line per thing a component serves, in deployment order. */
  public List<String> summary() {
    List<String> lines = new ArrayList<>();
    for (Describable d : describables) {
      lines.addAll(d.describe());
    }
    return lines;
  }

  /** Undeploys everything, last deployed first; completes when all are undeployed. */
  public Future<Void> close() {
    List<String> ids = new ArrayList<>(deployments);
    Collections.reverse(ids);
    deployments.clear();
    RuntimeInfo.of(vertx).cleared();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.transform(ignored -> vertx.undeploy(id)).recover(e -> {
        log.warn("undeploying {} failed: {}", id, e.getMessage());
        return Future.succeededFuture();
      });
    }
    return chain;
  }

  public Vertx vertx() {
    return vertx;
  }
}
