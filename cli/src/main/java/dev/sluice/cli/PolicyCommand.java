package dev.sluice.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code sluice policy ...}: policy tools. */
@Command(name = "policy", mixinStandardHelpOptions = true,
    description = "Policy tools.",
    subcommands = {PolicyCheckCommand.class})
final class PolicyCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing policy command (check)");
  }
}
