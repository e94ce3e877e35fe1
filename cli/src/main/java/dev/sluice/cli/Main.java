package dev.sluice.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sluice} command: one entry point, one subcommand per job. The subcommand list below
 * is the whole command-line surface; each subcommand lives in its own class.
 *
 * <p>Exit codes shared by every subcommand: 0 success, 1 the work failed (an invalid policy, a
 * refused signature...), 2 a usage error (unknown command or flag, a missing argument). Some
 * subcommands add their own codes above 2 and document them in their help.
 */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Policy-driven Secure Streams on Vert.x: streams by streamtype name, a JSON policy decides the rest.",
    subcommands = {RunCommand.class, PolicyCommand.class, SsCommand.class, CryptoCommand.class, ProxyCommand.class},
    footer = {"", "Run 'sluice COMMAND --help' for the options of a command."})
public final class Main implements Runnable {

  /** Exit code for a usage error: an unknown command or flag, or a missing argument. */
  public static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // "sluice" with no command: nothing to do is a usage error, as with an unknown command.
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  /** Runs the command line and returns the exit code; the JVM exit is left to {@link #main}. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line (tests set its output streams). */
  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExitCodeExceptionMapper(t -> 1);
    cli.setParameterExceptionHandler(new UsageErrorHandler());
    cli.setExecutionExceptionHandler(new FailureHandler());
    return cli;
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
