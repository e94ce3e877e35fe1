package dev.sluice.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.web.WebServerOptions.MountType;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The "web" section: the shipped default reads, and each mistake is refused with the key's path. */
class WebServerOptionsTest {

  private static WebServerOptions read(String json) {
    return WebServerOptions.fromJson(new JsonObject(json), Path.of("/conf"));
  }

  @Test
  void theShippedDefaultReads() throws Exception {
    JsonObject runtime = new JsonObject(Files.readString(Path.of("../conf/runtime.json")));
    WebServerOptions o = WebServerOptions.fromJson(runtime.getJsonObject("web"), Path.of("/opt/sluice/conf"));
    assertThat(o.vhosts()).hasSize(1);
    assertThat(o.vhosts().get(0).listeners().get(0).address()).isEqualTo("127.0.0.1:7681");
    assertThat(o.vhosts().get(0).listeners().get(0).h2c()).isTrue();
    assertThat(o.vhosts().get(0).mounts().get(0).type()).isEqualTo(MountType.LANDING);
    assertThat(o.vhosts().get(0).mounts().get(1).root()).isEqualTo(Path.of("/opt/sluice/conf/../docs"));
    assertThat(o.echoStreamtypes()).containsExactly("echo_server");
    assertThat(o.limits().headerTimeoutMs()).isEqualTo(10_000);
  }

  @Test
  void relativePathsResolveAgainstTheConfDirectory() {
    WebServerOptions o = read("""
        {"vhosts": [{"name": "a", "listeners": [{"port": 1, "certPem": "c.pem", "keyPem": "/k.pem"}],
          "mounts": [{"mountpoint": "/d", "type": "files", "root": "www"}]}]}""");
    assertThat(o.vhosts().get(0).listeners().get(0).certPem()).isEqualTo(Path.of("/conf/c.pem"));
    assertThat(o.vhosts().get(0).listeners().get(0).keyPem()).isEqualTo(Path.of("/k.pem"));
    assertThat(o.vhosts().get(0).mounts().get(0).root()).isEqualTo(Path.of("/conf/www"));
  }

  @Test
  void eachMistakeNamesItsKey() {
    String listener = "\"listeners\": [{\"port\": 1}]";
    String[][] cases = {
        {"{\"vhost\": []}", "web.vhost: unknown key"},
        {"{\"limits\": {\"headerTimeoutMs\": 0}}", "web.limits.headerTimeoutMs: needs a whole number from 1"},
        {"{\"limits\": {\"idleTimeoutMs\": \"x\"}}", "web.limits.idleTimeoutMs: needs a number, got x"},
        {"{\"vhosts\": [{\"name\": \"a b\", " + listener + "}]}", "web.vhosts[0].name: needs letters"},
        {"{\"vhosts\": [{\"name\": \"a\"}]}", "web.vhosts[0].listeners: a vhost needs at least one listener"},
        {"{\"vhosts\": [{\"name\": \"a\", \"listeners\": [{\"port\": 70000}]}]}",
            "web.vhosts[0].listeners[0].port: needs a whole number from 0 to 65535, got 70000"},
        {"{\"vhosts\": [{\"name\": \"a\", \"listeners\": [{\"port\": 1, \"certPem\": \"c\"}]}]}",
            "web.vhosts[0].listeners[0].certPem: TLS needs both certPem and keyPem"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"docs\", \"type\": \"files\"}]}]}",
            "web.vhosts[0].mounts[0].mountpoint: needs \"/\" or a prefix"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/d/\", \"type\": \"files\"}]}]}",
            "web.vhosts[0].mounts[0].mountpoint: needs \"/\" or a prefix"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/\", \"type\": \"cgi\"}]}]}",
            "web.vhosts[0].mounts[0].type: unknown mount type \"cgi\""},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/\", \"type\": \"files\"}]}]}",
            "web.vhosts[0].mounts[0].root: a files mount needs a root directory"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/\", \"type\": \"redirect\", "
            + "\"status\": 304, \"location\": \"/x\"}]}]}", "web.vhosts[0].mounts[0].status: a redirect is 301"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/\", \"type\": \"redirect\", "
            + "\"location\": \"/a b\"}]}]}", "web.vhosts[0].mounts[0].location: a redirect needs a location"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/\", \"type\": \"stream\"}]}]}",
            "web.vhosts[0].mounts[0].streamtype: a stream mount needs a server streamtype"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + ", \"mounts\": [{\"mountpoint\": \"/\", \"type\": \"landing\", "
            + "\"root\": \"x\"}]}]}", "web.vhosts[0].mounts[0].root: unknown key"},
        {"{\"vhosts\": [{\"name\": \"a\", " + listener + "}, {\"name\": \"a\", " + listener + "}]}",
            "web.vhosts: two vhosts have the same name"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> read(c[0])).as(c[0]).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(c[1]);
    }
  }
}
