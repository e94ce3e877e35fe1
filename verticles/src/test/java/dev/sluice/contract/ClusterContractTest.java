package dev.sluice.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.cluster.ClusterNode;
import dev.sluice.policy.Protocol;
import dev.sluice.runtime.ClusterOptions;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.runtime.SluiceVertx;
import dev.sluice.ss.SecureStream;
import dev.sluice.ss.SecureStreams;
import dev.sluice.ss.StreamHandler;
import dev.sluice.ss.spi.HostRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The contract across a two-JVM cluster: this JVM's node has the policy and no stream hosts, so
 * every stream the application creates is hosted by a child JVM that joined the same Hazelcast
 * cluster (TCP-IP join on loopback) with the same policy and the hosts. One cluster serves the
 * whole class; the child JVM is killed after the last case (and exits by itself should this JVM
 * die first: its standard input closes).
 */
class ClusterContractTest extends StreamContractTest {

  private Vertx vertx;
  private ClusterNode hostNode;

  @Override
  SecureStreams streams(Path dir, String policy) throws Exception {
    // Hazelcast ports picked free, one per node (no range to probe), and both nodes told exactly
    // where this one is: the first node is master at once and the child joins it directly.
    int port = ClusterNode.freePort();
    String name = "sluice-contract-" + UUID.randomUUID();
    ClusterOptions cluster = new ClusterOptions(ClusterNode.loopbackCluster(name, port, port));
    vertx = SluiceVertx.create(cluster).await(60, TimeUnit.SECONDS).vertx();
    Path p = dir.resolve("app-policy.json");
    Files.writeString(p, policy);
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(p.toString()).setWatch(false)))
        .await(10, TimeUnit.SECONDS);
    hostNode = ClusterNode.start(dir.resolve("host-node"), new JsonObject()
        .put("cluster", ClusterNode.loopbackCluster(name, ClusterNode.freePort(), port))
        .put("policy", new JsonObject().put("file", "policy.json").put("watch", false))
        .put("hosts", new JsonObject()), policy);
    for (Protocol protocol : List.of(Protocol.H1, Protocol.WS, Protocol.MQTT)) {
      assertThat(HostRegistry.of(vertx).host(protocol)).as("this node hosts no %s streams", protocol).isEmpty();
    }
    assertThat(vertx.isClustered()).isTrue();
    assertThat(hostNode.members()).as("the child joined this node").isEqualTo(2);
    SecureStreams ss = SecureStreams.create(vertx);
    // The host node's event-bus consumers reach this node's view of the cluster shortly after it
    // joined: wait until a stream of each protocol the suite uses can be created there.
    for (String streamtype : List.of("get", "echo", "pub")) {
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
        SecureStream probe = ss.create(streamtype, new StreamHandler() { }).await(10, TimeUnit.SECONDS);
        probe.destroy().await(10, TimeUnit.SECONDS);
        return true;
      });
    }
    return ss;
  }

  @Override
  void closeCarrier() throws Exception {
    try {
      if (hostNode != null) {
        hostNode.close();
      }
    } finally {
      if (vertx != null) {
        vertx.close().await(30, TimeUnit.SECONDS);
      }
    }
  }
}
