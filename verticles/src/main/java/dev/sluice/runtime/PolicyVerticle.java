package dev.sluice.runtime;

import dev.sluice.policy.ParsedPolicy;
import dev.sluice.policy.PolicyException;
import dev.sluice.policy.PolicyParser;
import dev.sluice.policy.PolicyProblem;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.file.FileProps;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the active policy: loads it at start, answers {@value #GET}, and reloads it on a file
 * change or a {@value #RELOAD} message. A new policy is validated first and swapped in atomically;
 * an invalid one is refused with all its errors (logged, in the reply, and published on {@value
 * #CHANGED}) and the old one stays in force. Reloads run one at a time, in arrival order.
 *
 * <p>Unlike lws, which destroys every stream when a new policy is set, streams keep the policy they
 * were created with; streams created after the swap get the new one.
 */
public final class PolicyVerticle extends VerticleBase implements Describable {

  public static final String GET = "sluice.policy.get";
  public static final String RELOAD = "sluice.policy.reload";
  public static final String CHANGED = "sluice.policy.changed";

  private static final Logger log = LoggerFactory.getLogger(PolicyVerticle.class);

  private final PolicyOptions options;
  private final PolicyParser parser;
  private final Path file;
  /** The end of the reload queue: each reload starts when the previous one has finished. */
  private Future<JsonObject> reloads = Future.succeededFuture();
  /** The file's last-modified time and size when last loaded or checked; null before the first load. */
  private String fileStamp;
  /** A changed stamp seen once; the reload waits until the next check sees it again (a finished write). */
  private String changingStamp;
  /** Set while the file is missing, so the deletion is logged once rather than at every check. */
  private boolean reportedMissing;
  /** The watch timer, or -1 when not watching. */
  private long watchTimer = -1;
  private MessageConsumer<JsonObject> getConsumer;
  private MessageConsumer<JsonObject> reloadConsumer;

  public PolicyVerticle(PolicyOptions options) {
    this.options = new PolicyOptions(options);
    this.parser = new PolicyParser(options.limits());
    this.file = Path.of(options.getFile());
  }

  @Override
  public Future<?> start() {
    return loadFile().compose(reply -> {
      if (!reply.getBoolean("ok")) {
        return Future.failedFuture(new PolicyException(file.toString(), problems(reply.getJsonArray("errors")),
            List.of()));
      }
      getConsumer = vertx.eventBus().consumer(GET, this::onGet);
      reloadConsumer = vertx.eventBus().consumer(RELOAD, this::onReload);
      if (options.isWatch()) {
        watchTimer = vertx.setPeriodic(options.getWatchIntervalMs(), id -> checkFile());
      }
      return Future.all(getConsumer.completion(), reloadConsumer.completion());
    });
  }

  @Override
  public Future<?> stop() {
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
    }
    Future<Void> a = getConsumer == null ? Future.succeededFuture() : getConsumer.unregister();
    Future<Void> b = reloadConsumer == null ? Future.succeededFuture() : reloadConsumer.unregister();
    return Future.all(a, b);
  }

  @Override
  public List<String> describe() {
    ActivePolicy p = PolicyHolder.of(vertx).require();
    String watching = options.isWatch() ? ", reloaded when the file changes" : "";
    return List.of("policy        " + p.source() + ": " + p.policy().streamTypes().size() + " streamtypes, "
        + p.parsed().warnings().size() + " warnings" + watching);
  }

  /** Reloads from the policy file (queued behind any reload in progress). */
  public Future<JsonObject> reload() {
    return enqueue(this::loadFileNow);
  }

  private Future<JsonObject> loadFile() {
    return enqueue(this::loadFileNow);
  }

  private Future<JsonObject> enqueue(Supplier<Future<JsonObject>> op) {
    Future<JsonObject> next = reloads.transform(ignored -> op.get());
    reloads = next;
    return next;
  }

  private Future<JsonObject> loadFileNow() {
    return vertx.fileSystem().props(file.toString())
        .compose(props -> vertx.fileSystem().readFile(file.toString()).map(buf -> {
          fileStamp = stamp(props);
          reportedMissing = false;
          return buf.getBytes();
        }))
        .transform(ar -> {
          if (ar.failed()) {
            return Future.succeededFuture(refused(file.toString(), List.of(new PolicyProblem("", 0, 0,
                "cannot read the policy file: " + rootMessage(ar.cause())))));
          }
          return apply(ar.result(), file.toString(), true);
        });
  }

  /** Parses off the event loop, then swaps on it. */
  private Future<JsonObject> apply(byte[] json, String source, boolean fromFile) {
    return vertx.executeBlocking(
            () -> parser.parse(json, source, fromFile ? file.toAbsolutePath().getParent() : null))
        .transform(ar -> {
          if (ar.failed()) {
            if (ar.cause() instanceof PolicyException pe) {
              return Future.succeededFuture(refused(source, pe.errors()));
            }
            return Future.succeededFuture(refused(source, List.of(new PolicyProblem("", 0, 0,
                "the policy could not be parsed: " + rootMessage(ar.cause())))));
          }
          return Future.succeededFuture(accept(ar.result(), new String(json, StandardCharsets.UTF_8)));
        });
  }

  private JsonObject accept(ParsedPolicy parsed, String json) {
    PolicyHolder holder = PolicyHolder.of(vertx);
    long version = holder.current().map(a -> a.version() + 1).orElse(1L);
    ActivePolicy active = new ActivePolicy(version, parsed, json, Instant.now());
    holder.set(active);
    parsed.warnings().forEach(w -> log.warn("policy warning: {}", w.format(parsed.source())));
    log.info("policy version {} in force from {}: {} streamtypes, {} warnings", version, parsed.source(),
        parsed.policy().streamTypes().size(), parsed.warnings().size());
    JsonObject event = new JsonObject().put("ok", true).put("version", version).put("source", parsed.source())
        .put("streamtypes", new JsonArray(List.copyOf(parsed.policy().streamTypes().keySet())))
        .put("warnings", toJson(parsed.warnings(), parsed.source()));
    vertx.eventBus().publish(CHANGED, event);
    return event;
  }

  private JsonObject refused(String source, List<PolicyProblem> errors) {
    errors.forEach(e -> log.error("policy refused: {}", e.format(source)));
    long active = PolicyHolder.of(vertx).current().map(ActivePolicy::version).orElse(0L);
    if (active > 0) {
      log.warn("policy version {} stays in force", active);
    }
    JsonObject event = new JsonObject().put("ok", false).put("source", source).put("activeVersion", active)
        .put("errors", toJson(errors, source));
    if (vertx != null && active > 0) {
      vertx.eventBus().publish(CHANGED, event);
    }
    return event;
  }

  private void onGet(Message<JsonObject> msg) {
    ActivePolicy p = PolicyHolder.of(vertx).require();
    msg.reply(new JsonObject().put("version", p.version()).put("source", p.source())
        .put("release", p.policy().release()).put("loadedAt", p.loadedAt().toString())
        .put("streamtypes", new JsonArray(List.copyOf(p.policy().streamTypes().keySet())))
        .put("warnings", toJson(p.parsed().warnings(), p.source()))
        .put("json", p.json()));
  }

  /** Body: empty to reload the file, or {@code {"json": "...", "source": "label"}} to install a given text. */
  private void onReload(Message<JsonObject> msg) {
    JsonObject body = msg.body() == null ? new JsonObject() : msg.body();
    String json = body.getString("json");
    Future<JsonObject> f = json == null ? reload()
        : enqueue(() -> apply(json.getBytes(StandardCharsets.UTF_8), body.getString("source", "reload message"), false));
    f.onComplete(ar -> msg.reply(ar.succeeded() ? ar.result()
        : new JsonObject().put("ok", false).put("errors", new JsonArray().add(rootMessage(ar.cause())))));
  }

  private void checkFile() {
    vertx.fileSystem().props(file.toString()).onComplete(ar -> {
      if (ar.failed()) {
        if (!reportedMissing) {
          reportedMissing = true;
          log.warn("policy file {} cannot be read ({}); the active policy stays in force", file,
              rootMessage(ar.cause()));
        }
        return;
      }
      String stamp = stamp(ar.result());
      if (stamp.equals(fileStamp)) {
        changingStamp = null;
      } else if (!stamp.equals(changingStamp)) {
        // Changed since the last check: wait one interval for the writer to finish, since lws's
        // leniency would accept a half-written policy as a policy cut short.
        changingStamp = stamp;
      } else {
        changingStamp = null;
        fileStamp = stamp;
        log.info("policy file {} changed: reloading", file);
        reload();
      }
    });
  }

  private static String stamp(FileProps p) {
    return p.lastModifiedTime() + "/" + p.size();
  }

  static JsonArray toJson(List<PolicyProblem> problems, String source) {
    JsonArray a = new JsonArray();
    for (PolicyProblem p : problems) {
      a.add(new JsonObject().put("pointer", p.pointer()).put("line", p.line()).put("column", p.column())
          .put("reason", p.reason()).put("text", p.format(source)));
    }
    return a;
  }

  static List<PolicyProblem> problems(JsonArray a) {
    return a.stream().map(o -> (JsonObject) o).map(o -> new PolicyProblem(o.getString("pointer"),
        o.getInteger("line"), o.getInteger("column"), o.getString("reason"))).toList();
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (t instanceof java.nio.file.NoSuchFileException) {
      return "no such file " + m;
    }
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
