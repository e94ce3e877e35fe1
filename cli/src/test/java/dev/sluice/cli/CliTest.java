package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line: messages and exit codes, and a real `run` that starts and stops. */
class CliTest {

  @TempDir Path dir;

  /** Runs the command line in-process, capturing what it prints. */
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void policyCheckPrintsOkWithCountsAndEachWarning() throws Exception {
    Path f = dir.resolve("p.json");
    Files.writeString(f, "{\"s\":[{\"a\":{\"port\":\"80\"}},]}");
    Result r = run("policy", "check", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo(f + ": ok (1 streamtypes, 2 warnings)\n"
        + f + ":1:20: /s/0/a/port: warning: number given as a string \"80\" (accepted, as lws reads it with atoi;"
        + " write it without quotes)\n"
        + f + ":1:26: /s: warning: trailing comma before ']' (accepted, as lws does; remove it)\n");
  }

  @Test
  void policyCheckPrintsEachErrorAndExitsOneWhenAnyFileIsInvalid() throws Exception {
    Path good = dir.resolve("good.json");
    Path bad = dir.resolve("bad.json");
    Files.writeString(good, "{\"s\":[]}");
    Files.writeString(bad, "{\"s\":[{\"a\":{\"protocol\":\"h4\",\n\"retry\":\"x\"}}]}");
    Result r = run("policy", "check", good.toString(), bad.toString(), dir.resolve("missing.json").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEqualTo(good + ": ok (0 streamtypes, 0 warnings)\n");
    assertThat(r.err()).isEqualTo(
        bad + ":1:24: /s/0/a/protocol: unknown protocol \"h4\" (valid: h1, h2, h3, ws, mqtt, raw)\n"
            + bad + ":2:9: /s/0/a/retry: unknown retry policy \"x\" (defined: none)\n"
            + bad + ": invalid (2 errors)\n"
            + dir.resolve("missing.json") + ": no such file\n"
            + dir.resolve("missing.json") + ": invalid (1 error)\n");
  }

  @Test
  void usageErrorsExitTwoWithTheUsage() {
    Result none = run("policy", "check");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("Missing required parameter", "Usage: sluice policy check");
    Result unknownCommand = run("frobnicate");
    assertThat(unknownCommand.code()).isEqualTo(2);
    assertThat(unknownCommand.err()).contains("Unmatched argument", "Usage: sluice");
    Result unknownFlag = run("run", "--bogus");
    assertThat(unknownFlag.code()).isEqualTo(2);
    assertThat(unknownFlag.err()).contains("Unknown option: '--bogus'", "Usage: sluice run");
    assertThat(run().code()).as("no command at all").isEqualTo(2);
    assertThat(run("policy", "check", "--max-bytes", "1", "x").code()).as("a bad limit").isEqualTo(2);
  }

  @Test
  void everyCommandDescribesItselfWithHelp() {
    Result top = run("--help");
    assertThat(top.code()).isZero();
    assertThat(top.out()).contains("Usage: sluice", "run", "policy");
    for (String[] cmd : List.of(new String[] {"run", "--help"}, new String[] {"policy", "--help"},
        new String[] {"policy", "check", "--help"})) {
      Result r = run(cmd);
      assertThat(r.code()).isZero();
      assertThat(r.out()).startsWith("Usage: sluice " + String.join(" ", List.of(cmd).subList(0, cmd.length - 1)));
    }
  }

  @Test
  void runStartsPrintsItsSummaryAndStopsCleanlyOnSigterm() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("runtime.json"), "{\"policy\": {\"file\": \"policy.json\", \"watch\": false}}");
    Files.writeString(conf.resolve("policy.json"), "{\"s\":[{\"hello\":{\"endpoint\":\"example.com\"}}]}");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path stderr = dir.resolve("stderr.txt");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run",
        "--conf", conf.toString()).redirectError(stderr.toFile()).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.contains("stop          Ctrl-C or SIGTERM")) {
          break;
        }
      }
      assertThat(lines).isNotEmpty();
      assertThat(lines.get(0)).startsWith("sluice: started in ");
      assertThat(String.join("\n", lines)).contains("policy        " + conf.resolve("policy.json")
          + ": 1 streamtypes, 0 warnings").contains("stream hosts");
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("stopped").isTrue();
      assertThat(p.exitValue()).as("a clean stop").isZero();
      assertThat(Files.readString(stderr)).contains("sluice: stopped");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void runRefusesAnInvalidPolicyAndSaysWhy() throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(conf.resolve("runtime.json"), "{\"policy\": {\"file\": \"policy.json\"}}");
    Files.writeString(conf.resolve("policy.json"), "{\"s\":[{\"a\":{\"protocol\":\"h4\"}}]}");
    Result r = run("run", "--conf", conf.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(conf.resolve("policy.json") + ":1:24: /s/0/a/protocol: unknown protocol \"h4\"")
        .contains("is invalid; nothing was started");
  }
}
