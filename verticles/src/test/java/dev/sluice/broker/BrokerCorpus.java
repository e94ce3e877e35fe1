package dev.sluice.broker;

import dev.sluice.test.Corpus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The MQTT 3.1 and 3.1.1 cases of Mosquitto's broker packet corpus, one entry per test. */
final class BrokerCorpus {
  private BrokerCorpus() {}

  /** One test of one group of one file. */
  record Case(String file, JsonObject group, JsonObject test) {
    String name() {
      return file + " / " + group.getString("group").replaceAll(" +", " ") + " / " + test.getString("name");
    }
  }

  /** Every case for MQTT 3.1 (ver 3) and 3.1.1 (ver 4); groups without a version are 3.1.1 ones. */
  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(Corpus.dir("mosquitto-packets/broker"))) {
      for (Path f : files.sorted().toList()) {
        JsonArray groups = new JsonArray(Files.readString(f));
        for (int g = 0; g < groups.size(); g++) {
          JsonObject group = groups.getJsonObject(g);
          JsonArray tests = group.getJsonArray("tests");
          for (int t = 0; t < tests.size(); t++) {
            JsonObject test = tests.getJsonObject(t);
            int ver = test.getInteger("ver", group.getInteger("ver", 4));
            if (ver == 3 || ver == 4) {
              out.add(new Case(f.getFileName().toString(), group, test));
            }
          }
        }
      }
    }
    return out;
  }
}
