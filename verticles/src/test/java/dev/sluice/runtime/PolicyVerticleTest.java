package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Loading, looking up and hot-reloading the policy on a real file. */
@ExtendWith(VertxExtension.class)
class PolicyVerticleTest {

  @TempDir Path dir;
  private Path file;
  private Vertx vertx;
  private final List<JsonObject> changes = new CopyOnWriteArrayList<>();

  private static String policy(String release, String streamtype) {
    return "{\"release\":\"" + release + "\",\"s\":[{\"" + streamtype + "\":{\"endpoint\":\"example.com\"}}]}";
  }

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    this.vertx = vertx;
    file = dir.resolve("policy.json");
    Files.writeString(file, policy("r1", "first"));
    vertx.eventBus().<JsonObject>consumer(PolicyVerticle.CHANGED, m -> changes.add(m.body()));
  }

  private void deploy(boolean watch) throws Exception {
    PolicyOptions o = new PolicyOptions().setFile(file.toString()).setWatch(watch).setWatchIntervalMs(50);
    vertx.deployVerticle(new PolicyVerticle(o)).await(10, TimeUnit.SECONDS);
  }

  private ActivePolicy active() {
    return PolicyHolder.of(vertx).require();
  }

  /** Rewrites the file and moves its time forward, so the change is seen whatever the file system's clock. */
  private void rewrite(String text) throws Exception {
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5 + changes.size())));
  }

  @Test
  void theLoadedPolicyIsInForceAndAnsweredOnTheBus() throws Exception {
    deploy(false);
    assertThat(active().version()).isEqualTo(1);
    assertThat(active().policy().streamTypes()).containsOnlyKeys("first");
    JsonObject got = vertx.eventBus().<JsonObject>request(PolicyVerticle.GET, null).await(5, TimeUnit.SECONDS).body();
    assertThat(got.getLong("version")).isEqualTo(1);
    assertThat(got.getString("release")).isEqualTo("r1");
    assertThat(got.getJsonArray("streamtypes").getList()).containsExactly("first");
    assertThat(got.getString("json")).isEqualTo(policy("r1", "first"));
  }

  @Test
  void anInvalidPolicyAtStartFailsTheDeploymentWithItsErrors() throws Exception {
    Files.writeString(file, "{\"s\":[{\"a\":{\"protocol\":\"h9\"}}]}");
    assertThatThrownBy(() -> deploy(false)).hasMessageContaining("/s/0/a/protocol: unknown protocol \"h9\"");
  }

  @Test
  void aChangedFileIsSwappedIn() throws Exception {
    deploy(true);
    rewrite(policy("r2", "second"));
    await().atMost(Duration.ofSeconds(10)).until(() -> active().version() == 2);
    assertThat(active().policy().streamTypes()).containsOnlyKeys("second");
    await().atMost(Duration.ofSeconds(5)).until(() -> changes.stream().anyMatch(c -> c.getBoolean("ok")));
  }

  @Test
  void anInvalidReloadKeepsTheOldPolicyAndPublishesAllItsErrors() throws Exception {
    deploy(true);
    rewrite("{\"s\":[{\"a\":{\"protocol\":\"h9\",\"retry\":\"nope\"}}]}");
    await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream().anyMatch(c -> !c.getBoolean("ok")));
    JsonObject refused = changes.stream().filter(c -> !c.getBoolean("ok")).findFirst().orElseThrow();
    assertThat(refused.getLong("activeVersion")).isEqualTo(1);
    assertThat(refused.getJsonArray("errors")).hasSize(2);
    assertThat(refused.getJsonArray("errors").getJsonObject(0).getString("pointer")).isEqualTo("/s/0/a/protocol");
    assertThat(active().version()).isEqualTo(1);
    assertThat(active().policy().streamTypes()).containsOnlyKeys("first");
  }

  @Test
  void aReloadMessageInstallsInlineJsonOrRefusesIt() throws Exception {
    deploy(false);
    JsonObject ok = vertx.eventBus().<JsonObject>request(PolicyVerticle.RELOAD,
        new JsonObject().put("json", policy("r3", "inline")).put("source", "ops")).await(5, TimeUnit.SECONDS).body();
    assertThat(ok.getBoolean("ok")).isTrue();
    assertThat(ok.getLong("version")).isEqualTo(2);
    assertThat(active().source()).isEqualTo("ops");
    JsonObject bad = vertx.eventBus().<JsonObject>request(PolicyVerticle.RELOAD,
        new JsonObject().put("json", "{\"s\": 5}")).await(5, TimeUnit.SECONDS).body();
    assertThat(bad.getBoolean("ok")).isFalse();
    assertThat(bad.getJsonArray("errors").getJsonObject(0).getString("reason")).isNotEmpty();
    assertThat(active().policy().streamTypes()).containsOnlyKeys("inline");
  }

  @Test
  void aFileDeletedBeforeAReloadLeavesTheActivePolicyInForce() throws Exception {
    deploy(false);
    Files.delete(file);
    JsonObject r = vertx.eventBus().<JsonObject>request(PolicyVerticle.RELOAD, new JsonObject())
        .await(5, TimeUnit.SECONDS).body();
    assertThat(r.getBoolean("ok")).isFalse();
    assertThat(r.getJsonArray("errors").getJsonObject(0).getString("reason")).startsWith("cannot read the policy file");
    assertThat(active().version()).isEqualTo(1);
  }

  @Test
  void concurrentReloadsRunOneAtATimeInOrder() throws Exception {
    deploy(false);
    List<Future<io.vertx.core.eventbus.Message<JsonObject>>> replies = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String body = i % 3 == 2 ? "{\"s\": [broken]}" : policy("r" + i, "t" + i);
      replies.add(vertx.eventBus().request(PolicyVerticle.RELOAD, new JsonObject().put("json", body)));
    }
    Future.all(replies).await(20, TimeUnit.SECONDS);
    long expected = 1;
    for (int i = 0; i < 20; i++) {
      JsonObject r = replies.get(i).result().body();
      if (i % 3 == 2) {
        assertThat(r.getBoolean("ok")).isFalse();
      } else {
        expected++;
        assertThat(r.getLong("version")).as("reload %d", i).isEqualTo(expected);
      }
    }
    assertThat(active().version()).isEqualTo(expected);
    assertThat(active().policy().streamTypes()).containsOnlyKeys("t19");
  }
}
