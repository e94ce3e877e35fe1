package dev.sluice.contract;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import dev.sluice.ss.SecureStreams;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The contract with the hosts in the application's own Vert.x. */
class InProcessContractTest extends StreamContractTest {

  private Vertx vertx;

  @Override
  SecureStreams streams(Path dir, String policy) throws Exception {
    vertx = Vertx.vertx();
    Path file = dir.resolve("policy.json");
    Files.writeString(file, policy);
    vertx.deployVerticle(new PolicyVerticle(new PolicyOptions().setFile(file.toString()).setWatch(false)))
        .await(10, TimeUnit.SECONDS);
    vertx.deployVerticle(new StreamHostsVerticle(new JsonObject())).await(10, TimeUnit.SECONDS);
    return SecureStreams.create(vertx);
  }

  @Override
  void closeCarrier() throws Exception {
    if (vertx != null) {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
