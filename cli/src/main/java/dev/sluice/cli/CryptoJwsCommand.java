package dev.sluice.cli;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import dev.sluice.jose.JwsSigner;
import dev.sluice.jose.JwsVerifier;
import dev.sluice.jose.impl.JoseKeys;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice crypto jws sign|verify}. */
@Command(name = "jws", mixinStandardHelpOptions = true, description = "Sign stdin as a JWS, or verify a JWS from stdin.")
final class CryptoJwsCommand implements Runnable {

  @Spec CommandSpec spec;
  @ParentCommand CryptoCommand crypto;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing jws command (sign, verify)");
  }

  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = {"Sign stdin; write the JWS (compact unless --json or --flattened) to stdout.",
          "--alg defaults to the key's: HS256 (oct), RS256 (RSA), ES256/384/512 (EC), EdDSA (Ed25519)."})
  int sign(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private or secret key.") Path key,
      @Option(names = "--alg", paramLabel = "ALG", description = "HS256..HS512, RS256..RS512, PS256..PS512, "
          + "ES256..ES512, EdDSA.") String alg,
      @Option(names = "--json", description = "General JSON serialization.") boolean json,
      @Option(names = "--flattened", description = "Flattened JSON serialization.") boolean flattened) {
    return crypto.run(spec.subcommands().get("sign").getCommandSpec(), Main.EXIT_USAGE, () -> {
      var jwk = CryptoCommand.joseKey(key);
      JwsSigner signer = alg == null ? new JwsSigner(jwk) : new JwsSigner(jwk, JwsSigner.algorithm(alg));
      byte[] payload = crypto.readInput();
      crypto.writeLine(json || flattened ? signer.signJson(payload, flattened) : signer.sign(payload));
    });
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Verify a JWS (compact or JSON) from stdin with the key file's keys; write its payload.",
          "alg none, algorithms outside --alg and keys of another type are refused."})
  int verify(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Public key(s) or secret.") Path key,
      @Option(names = "--alg", paramLabel = "ALG", split = ",",
          description = "Algorithms accepted (default: all supported).") List<String> algs) {
    return crypto.run(spec.subcommands().get("verify").getCommandSpec(), CryptoCommand.EXIT_REFUSED, () -> {
      JWKSet keys = CryptoCommand.joseKeys(key);
      Set<JWSAlgorithm> allowed = new LinkedHashSet<>();
      if (algs == null) {
        allowed.addAll(JoseKeys.SUPPORTED);
      } else {
        for (String a : algs) {
          try {
            allowed.add(JwsSigner.algorithm(a));
          } catch (dev.sluice.jose.JoseException e) {
            throw new CryptoCommand.Failure(Main.EXIT_USAGE, e.getMessage());
          }
        }
      }
      JwsVerifier v;
      try {
        v = new JwsVerifier(keys, allowed, CryptoCommand.MAX_INPUT_BYTES);
      } catch (dev.sluice.jose.JoseException e) {
        throw new CryptoCommand.Failure(Main.EXIT_USAGE, "--key " + key + ": " + e.getMessage());
      }
      crypto.write(v.verify(crypto.readText()).payload());
    });
  }
}
