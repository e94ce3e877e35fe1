package dev.sluice.test;

import dev.sluice.host.StreamHostsVerticle;
import dev.sluice.runtime.PolicyOptions;
import dev.sluice.runtime.PolicyVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Deploys what streams need in a test's Vert.x instance: the PolicyVerticle on a policy written to
 * a temporary file, and the stream hosts.
 */
public final class SluiceTestRuntime {
  private SluiceTestRuntime() {}

  /** Deploys the policy and the hosts, blocking until they are up (call from the test thread). */
  public static void deploy(Vertx vertx, Path dir, String policyJson) throws Exception {
    deploy(vertx, dir, policyJson, new JsonObject());
  }

  /** As {@link #deploy(Vertx, Path, String)}, with runtime.json's "hosts" section ({"ws": {...}}). */
  public static void deploy(Vertx vertx, Path dir, String policyJson, JsonObject hosts) throws Exception {
    Path file = dir.resolve("policy.json");
    write(file, policyJson);
    PolicyOptions po = new PolicyOptions().setFile(file.toString()).setWatch(false);
    vertx.deployVerticle(new PolicyVerticle(po)).await(20, TimeUnit.SECONDS);
    vertx.deployVerticle(new StreamHostsVerticle(hosts)).await(20, TimeUnit.SECONDS);
  }

  public static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
