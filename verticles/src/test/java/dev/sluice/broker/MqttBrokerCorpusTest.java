package dev.sluice.broker;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every MQTT 3.1 and 3.1.1 case of Mosquitto's broker packet corpus against the embedded broker,
 * with none excluded: each bad packet closes the connection with nothing else sent, each good
 * exchange gets Mosquitto's exact bytes, and the broker answers a PINGREQ afterwards where the
 * case keeps the connection. The harness is checked against Mosquitto itself in
 * {@link MosquittoCorpusHarnessTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MqttBrokerCorpusTest {

  private static Vertx vertx;
  private static MqttBrokerVerticle broker;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    broker = new MqttBrokerVerticle(new MqttBrokerOptions().setPort(0));
    vertx.deployVerticle(broker).await(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @TestFactory
  @Order(1)
  Stream<DynamicTest> everyCasePasses() throws Exception {
    BrokerCaseRunner runner = new BrokerCaseRunner(broker.actualPort());
    return BrokerCorpus.cases().stream()
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> runner.run(c.group(), c.test())));
  }

  @Test
  @Order(2)
  void theBrokerStillServesAfterTheCorpus() throws Exception {
    new BrokerCaseRunner(broker.actualPort()).run(new JsonObject().put("group", "after").put("ver", 4),
        new JsonObject().put("name", "ping").put("expect_disconnect", false).put("msgs", new JsonArray()));
  }
}
