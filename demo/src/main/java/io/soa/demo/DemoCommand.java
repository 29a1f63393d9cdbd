package io.soa.demo;

import io.soa.devchain.deploy.Deployment;

/** {@code ./soa demo}: the story against the running {@code ./soa up}, or URLs in SOA_DEMO_*. */
public final class DemoCommand {
  private DemoCommand() {}

  public static void main(String[] args) throws Exception {
    java.nio.file.Path root = io.soa.devchain.RepoRoot.find();
    String file = env("SOA_DEMO_DEPLOYMENT", root.resolve(".soa/deployment.json").toString());
    Deployment d = Deployment.read(java.nio.file.Path.of(file));
    Demo.Urls urls =
        new Demo.Urls(
            env("SOA_DEMO_CATALOG_URL", "http://127.0.0.1:8081"),
            env("SOA_DEMO_LICENSING_URL", "http://127.0.0.1:8082"),
            env("SOA_DEMO_PAYMENT_URL", "http://127.0.0.1:8083"),
            env("SOA_DEMO_MODEL_URL", "http://127.0.0.1:8090"));
    System.out.println(
        "SOA demo on chain "
            + d.chainId()
            + " ("
            + d.rpcUrl()
            + (System.getenv("SOA_DEMO_KEYS") == null
                ? "), anvil dev accounts and faucet: LOCAL CHAINS ONLY"
                : "), the wallets of SOA_DEMO_KEYS"));
    Demo.Result r;
    try {
      r = Demo.run(d, urls, System.out::println);
    } catch (Exception | AssertionError e) {
      System.out.println("\ndemo FAILED: " + e.getMessage());
      System.exit(1);
      return;
    }
    System.out.printf(
        "%n%d calls, %s in %.1f s%n",
        r.calls(),
        r.reconciled() ? "every difference 0" : "DIFFERENCES FOUND",
        r.took().toMillis() / 1000.0);
    System.out.printf(
        "model %s earned %s wei by voucher: see it on the dashboard, %s/%n",
        r.model(), r.payPerUse(), env("SOA_DEMO_ANALYTICS_URL", "http://127.0.0.1:8085"));
    System.exit(r.reconciled() ? 0 : 1);
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}
