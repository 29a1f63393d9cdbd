package io.soa.cli;

import io.soa.client.SoaClient;
import io.soa.client.Wallet;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: where the deployment is, whose key signs, how to print. */
final class Options {
  private Options() {}

  /** The deployment's URLs: options, else SOA_GATEWAY_URL and SOA_PAYMENTS_URL, else local. */
  static final class Deployment {
    @Option(
        names = "--gateway",
        description = "the gateway's URL (licensing-service; env SOA_GATEWAY_URL; default local)")
    String gateway;

    @Option(
        names = "--payments",
        description = "payment-service's URL (env SOA_PAYMENTS_URL; default local)")
    String payments;

    @Option(
        names = "--catalog",
        description = "catalog-service's URL (env SOA_CATALOG_URL; default local)")
    String catalog;

    @Option(
        names = "--deployment",
        description =
            "the deployment file: chain id, node and contracts (env SOA_DEPLOYMENT; default"
                + " .soa/deployment.json, as ./soa up writes it)")
    Path deployment;

    SoaClient.Urls urls() {
      SoaClient.Urls local = SoaClient.Urls.local();
      return new SoaClient.Urls(
          pick(gateway, "SOA_GATEWAY_URL", local.gateway()),
          pick(payments, "SOA_PAYMENTS_URL", local.payments()),
          pick(catalog, "SOA_CATALOG_URL", local.catalog()));
    }

    SoaClient client() {
      return new SoaClient(urls());
    }

    io.soa.client.Chain chain() {
      String file =
          deployment != null
              ? deployment.toString()
              : pick(null, "SOA_DEPLOYMENT", ".soa/deployment.json");
      return io.soa.client.Chain.read(Path.of(file));
    }

    private static String pick(String option, String env, String dflt) {
      String v = option != null ? option : System.getenv(env);
      return v == null || v.isBlank() ? dflt : v.replaceAll("/+$", "");
    }
  }

  /** Whose key: an environment variable, or a keystore whose password is in one. Never a flag. */
  static final class Key {
    @Option(
        names = "--key-env",
        defaultValue = "SOA_PRIVATE_KEY",
        description = "the environment variable holding the key (default ${DEFAULT-VALUE})")
    String keyEnv;

    @Option(names = "--keystore", description = "an encrypted JSON keystore instead")
    Path keystore;

    @Option(
        names = "--password-env",
        defaultValue = "SOA_KEYSTORE_PASSWORD",
        description = "the environment variable holding the keystore's password")
    String passwordEnv;

    Wallet wallet() {
      return keystore != null ? Wallet.fromKeystore(keystore, passwordEnv) : Wallet.fromEnv(keyEnv);
    }
  }

  /** JSON for scripts, words for people. */
  static final class Output {
    @Option(names = "--json", description = "print JSON (for scripts)")
    boolean json;
  }
}
