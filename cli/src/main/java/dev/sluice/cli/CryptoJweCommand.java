package dev.sluice.cli;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.sluice.jose.JoseException;
import dev.sluice.jose.JweDecrypter;
import dev.sluice.jose.JweEncrypter;
import dev.sluice.jose.impl.JweKeys;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sluice crypto jwe encrypt|decrypt}. */
@Command(name = "jwe", mixinStandardHelpOptions = true, description = "Encrypt stdin as a JWE, or decrypt a JWE from stdin.")
final class CryptoJweCommand implements Runnable {

  @Spec CommandSpec spec;
  @ParentCommand CryptoCommand crypto;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing jwe command (encrypt, decrypt)");
  }

  @Command(name = "encrypt", mixinStandardHelpOptions = true,
      description = {"Encrypt stdin to the key; write the compact JWE to stdout.",
          "--alg defaults to RSA-OAEP-256 (RSA), ECDH-ES+A256KW (EC, X25519), dir (oct);",
          "--enc to A256GCM, or the GCM of a dir key's size."})
  int encrypt(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Recipient's key.") Path key,
      @Option(names = "--alg", paramLabel = "ALG",
          description = "RSA-OAEP-256, ECDH-ES, ECDH-ES+A128KW, ECDH-ES+A192KW, ECDH-ES+A256KW, dir.") String alg,
      @Option(names = "--enc", paramLabel = "ENC", description = "A128GCM, A192GCM, A256GCM.") String enc) {
    return crypto.run(spec.subcommands().get("encrypt").getCommandSpec(), Main.EXIT_USAGE, () -> {
      JWK jwk = CryptoCommand.joseKey(key);
      JWEAlgorithm a = alg == null ? JweKeys.defaultAlgorithm(jwk) : JweEncrypter.algorithm(alg);
      EncryptionMethod e = enc == null ? JweKeys.defaultEncryption(jwk) : JweEncrypter.encryption(enc);
      JweEncrypter encrypter = new JweEncrypter(JWEAlgorithm.DIR.equals(a) || jwk.toPublicJWK() == null ? jwk
          : jwk.toPublicJWK(), a, e);
      crypto.writeLine(encrypter.encrypt(crypto.readInput()));
    });
  }

  @Command(name = "decrypt", mixinStandardHelpOptions = true,
      description = "Decrypt a compact JWE from stdin with the key file's private keys; write the plaintext.")
  int decrypt(
      @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key(s) or secret.") Path key) {
    return crypto.run(spec.subcommands().get("decrypt").getCommandSpec(), CryptoCommand.EXIT_REFUSED, () -> {
      JweDecrypter d;
      try {
        d = new JweDecrypter(CryptoCommand.joseKeys(key));
      } catch (JoseException e) {
        throw new CryptoCommand.Failure(Main.EXIT_USAGE, "--key " + key + ": " + e.getMessage());
      }
      crypto.write(d.decrypt(crypto.readText()).plaintext());
    });
  }
}
