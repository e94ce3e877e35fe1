package dev.sluice.runtime.fetch;

import com.nimbusds.jose.jwk.JWKSet;
import dev.sluice.jose.Jwks;
import dev.sluice.policy.ParsedPolicy;
import dev.sluice.policy.PolicyException;
import dev.sluice.policy.PolicyParser;
import dev.sluice.runtime.ActivePolicy;
import dev.sluice.runtime.Describable;
import dev.sluice.runtime.PolicyHolder;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.SecureStreams;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed policy updates. When the active policy has a {@code fetch_policy} streamtype (lws's
 * name), this fetches through it at start and then every {@code intervalMs}, and installs what it
 * got only if it is signed by a trusted key (a JWS or a COSE_Sign1 over the policy), the signature
 * has not expired, the policy parses, and its {@code release} is newer than the active one. lws
 * trusts a fetched policy on the strength of TLS alone; here a compromised or spoofed endpoint
 * cannot install a policy. Every refusal is logged with its reason and published on
 * {@code sluice.policy.changed}; the active policy stays.
 */
public final class PolicyFetchVerticle extends VerticleBase implements Describable {

  private static final Logger log = LoggerFactory.getLogger(PolicyFetchVerticle.class);

  private final PolicyFetchOptions options;
  private final java.util.function.Supplier<Instant> clock;
  private JWKSet trusted = new JWKSet();
  private long timer = -1;
  /** A fetch is under way; a tick that comes meanwhile is skipped. */
  private boolean busy;

  public PolicyFetchVerticle(PolicyFetchOptions options) {
    this(options, Instant::now);
  }

  PolicyFetchVerticle(PolicyFetchOptions options, java.util.function.Supplier<Instant> clock) {
    this.options = options;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    Future<JWKSet> keys = options.getTrustedKeys() == null ? Future.succeededFuture(new JWKSet())
        : vertx.fileSystem().readFile(options.getTrustedKeys()).compose(b -> {
          try {
            return Future.succeededFuture(Jwks.read(b.toString(StandardCharsets.UTF_8)).toPublicJWKSet());
          } catch (Exception e) {
            return Future.failedFuture(new IllegalArgumentException("policy-fetch.trustedKeys "
                + options.getTrustedKeys() + ": " + e.getMessage()));
          }
        });
    return keys.map(k -> {
      trusted = k;
      timer = vertx.setPeriodic(1, options.getIntervalMs(), id -> fetchNow());
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  /** One fetch and check; completes with what happened ("installed", "unchanged", "skipped", or refused). */
  public Future<String> fetchNow() {
    ActivePolicy active = PolicyHolder.of(vertx).current().orElse(null);
    if (busy || active == null || active.policy().streamType(options.getStreamtype()).isEmpty()) {
      return Future.succeededFuture("skipped");
    }
    busy = true;
    return SecureStreams.create(vertx).fetch(options.getStreamtype(), Map.of())
        .compose(body -> check(body, active))
        .recover(t -> {
          String reason = t instanceof PolicyRefusedException ? t.getMessage()
              : "fetching through \"" + options.getStreamtype() + "\" failed: " + t.getMessage();
          log.warn("policy-fetch: fetched policy refused: {}; the active policy (release \"{}\") stays", reason,
              active.policy().release());
          vertx.eventBus().publish(PolicyVerticle.CHANGED, new JsonObject().put("ok", false)
              .put("source", "fetch_policy").put("errors", new JsonArray().add(reason)));
          return Future.succeededFuture("refused: " + reason);
        })
        .onComplete(ar -> busy = false);
  }

  private Future<String> check(Buffer body, ActivePolicy active) {
    SignedPolicy.Opened opened;
    ParsedPolicy parsed;
    try {
      opened = SignedPolicy.open(body.getBytes(), trusted, clock.get(), Duration.ofSeconds(options.getClockSkewSecs()));
      parsed = new PolicyParser().parse(opened.policy(), "fetch_policy");
    } catch (PolicyRefusedException e) {
      return Future.failedFuture(e);
    } catch (PolicyException e) {
      return Future.failedFuture(new PolicyRefusedException("the signed policy does not parse: " + e.getMessage()));
    }
    String now = active.policy().release();
    String next = parsed.policy().release();
    int order = ReleaseOrder.compare(next, now);
    if (order == 0) {
      log.debug("policy-fetch: release \"{}\" is already active", now);
      return Future.succeededFuture("unchanged");
    }
    if (order < 0) {
      return Future.failedFuture(new PolicyRefusedException("its release \"" + next
          + "\" is older than the active release \"" + now + "\""));
    }
    String source = "fetch_policy (" + opened.format() + (opened.keyId() != null ? ", key " + opened.keyId() : "")
        + ", release " + next + ")";
    return vertx.eventBus().<JsonObject>request(PolicyVerticle.RELOAD, new JsonObject()
            .put("json", new String(opened.policy(), StandardCharsets.UTF_8)).put("source", source))
        .compose(reply -> {
          JsonObject r = reply.body();
          if (!r.getBoolean("ok", false)) {
            return Future.failedFuture(new PolicyRefusedException("the policy verticle refused it: " + r.getValue("errors")));
          }
          log.info("policy-fetch: installed release \"{}\" (was \"{}\"), signed {}", next, now, opened.format());
          return Future.succeededFuture("installed");
        });
  }

  @Override
  public List<String> describe() {
    return List.of("policy fetch  via streamtype \"" + options.getStreamtype() + "\" every "
        + options.getIntervalMs() / 1000 + " s, " + trusted.getKeys().size() + " trusted keys");
  }
}
