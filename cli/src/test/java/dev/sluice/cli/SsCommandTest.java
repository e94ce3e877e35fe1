package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `sluice ss` against a local HTTP server: output, states and exit codes. */
class SsCommandTest {

  @TempDir Path dir;
  private Vertx vertx;
  private HttpServer server;
  private Path policy;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(req -> {
      switch (req.path()) {
        case "/hello" -> req.response().end("hello world");
        case "/echo" -> req.body().onSuccess(b -> req.response().end("got " + b.length() + ": " + b));
        case "/slow" -> { }
        default -> req.response().setStatusCode(404).end("no");
      }
    });
    server.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    policy = dir.resolve("policy.json");
    Files.writeString(policy, """
        {"retry": [{"quick": {"backoff": [10], "conceal": 1, "jitterpc": 1}}],
         "s": [{
           "get": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/${path}",
                   "metadata": [{"path": ""}], "retry": "quick"},
           "post": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_method": "POST",
                    "http_url": "/echo", "retry": "quick"},
           "slow": {"endpoint": "127.0.0.1", "port": %1$d, "protocol": "h1", "http_url": "/slow", "timeout_ms": 300,
                    "retry": "quick"},
           "down": {"endpoint": "127.0.0.1", "port": %2$d, "protocol": "h1", "retry": "quick"}
         }]}""".formatted(server.actualPort(), closed));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private record Result(int code, String out, String err) {}

  private Result ss(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(captured, true));
      CommandLine cli = Main.commandLine();
      cli.setErr(new PrintWriter(err, true));
      String[] full = new String[args.length + 3];
      full[0] = "ss";
      full[1] = "--policy";
      full[2] = policy.toString();
      System.arraycopy(args, 0, full, 3, args.length);
      int code = cli.execute(full);
      return new Result(code, captured.toString(), err.toString());
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void aGetPrintsTheBodyAndExitsZero() {
    Result r = ss("--meta", "path=hello", "-v", "get");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("hello world");
    assertThat(r.err()).contains("CREATING", "CONNECTED", "QOS_ACK_REMOTE 200");
  }

  @Test
  void dataIsSentAsTheBody() throws Exception {
    Path body = dir.resolve("body.txt");
    Files.writeString(body, "payload from a file");
    Result r = ss("--data", body.toString(), "post");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("got 19: payload from a file");
  }

  @Test
  void failureStatesGiveTheirExitCodes() {
    assertThat(ss("--meta", "path=missing", "get").code()).as("404").isEqualTo(SsCommand.EXIT_NACK);
    assertThat(ss("down").code()).as("unreachable").isEqualTo(SsCommand.EXIT_ALL_RETRIES_FAILED);
    assertThat(ss("slow").code()).as("timeout").isEqualTo(SsCommand.EXIT_TIMEOUT);
  }

  @Test
  void usageAndPolicyErrorsExitTwo() {
    Result unknown = ss("nosuch");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("has no streamtype \"nosuch\"");
    Result badMeta = ss("--meta", "novalue", "get");
    assertThat(badMeta.code()).isEqualTo(2);
    assertThat(badMeta.err()).contains("--meta wants NAME=VALUE");
    Result undeclared = ss("--meta", "nope=1", "get");
    assertThat(undeclared.code()).isEqualTo(2);
    assertThat(undeclared.err()).contains("declares no metadata \"nope\"");
  }
}
