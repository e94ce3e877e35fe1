package dev.sluice.cli;

import dev.sluice.policy.ParsedPolicy;
import dev.sluice.policy.PolicyException;
import dev.sluice.policy.PolicyLimits;
import dev.sluice.policy.PolicyParser;
import dev.sluice.policy.PolicyProblem;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice policy check FILE...}: validates policies as the runtime would, printing
 * {@code FILE: ok (N streamtypes, M warnings)} and each warning, or each error as
 * {@code FILE:LINE:COL: /pointer: reason}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Validate lws-format policies as Sluice loads them.",
        "Prints 'FILE: ok (N streamtypes, M warnings)' and each warning, or each error as",
        "'FILE:LINE:COL: /pointer: reason'."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every file is valid", "1:a file is invalid or unreadable", "2:usage error"})
final class PolicyCheckCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files to check.")
  List<Path> files;

  @Option(names = "--max-bytes", paramLabel = "N", description = "Largest policy accepted (default: ${DEFAULT-VALUE}).")
  int maxBytes = PolicyLimits.DEFAULT_MAX_BYTES;

  @Option(names = "--max-depth", paramLabel = "N", description = "Deepest nesting accepted (default: ${DEFAULT-VALUE}).")
  int maxDepth = PolicyLimits.DEFAULT_MAX_DEPTH;

  @Override
  public Integer call() {
    PolicyLimits limits;
    try {
      limits = new PolicyLimits(maxBytes, maxDepth);
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    PolicyParser parser = new PolicyParser(limits);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean allValid = true;
    for (Path f : files) {
      String name = f.toString();
      try {
        ParsedPolicy p = parser.parse(f);
        out.println(name + ": ok (" + p.policy().streamTypes().size() + " streamtypes, " + p.warnings().size()
            + " warnings)");
        for (PolicyProblem w : p.warnings()) {
          out.println(warning(w, name));
        }
      } catch (PolicyException e) {
        allValid = false;
        for (PolicyProblem w : e.warnings()) {
          err.println(warning(w, name));
        }
        for (PolicyProblem problem : e.errors()) {
          err.println(problem.format(name));
        }
        err.println(name + ": invalid (" + e.errors().size() + (e.errors().size() == 1 ? " error)" : " errors)"));
      }
    }
    out.flush();
    err.flush();
    return allValid ? 0 : 1;
  }

  private static String warning(PolicyProblem w, String name) {
    return new PolicyProblem(w.pointer(), w.line(), w.column(), "warning: " + w.reason()).format(name);
  }
}
