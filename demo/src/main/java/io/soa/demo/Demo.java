package io.soa.demo;

import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.deploy.Deployment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The whole story against a running suite, through its public APIs and the chain only: a developer
 * registers and tokenizes a real model, prices its features and offers two licence tiers; a user
 * buys a licence and calls until its quota is used; another pays per call with vouchers and
 * settlement pays the owner; the model token is sold and later calls pay the new owner; the licence
 * is resold and the royalty goes to the new owner. It ends with every account's on-chain $SOA
 * change against what the suite's events say, to the wei. Wallets are anvil's well-known dev
 * accounts and fresh keys funded on the dev chain: LOCAL CHAINS ONLY.
 */
public final class Demo {
  static final BigInteger SOA = BigInteger.TEN.pow(18);
  static final List<String> FEATURES =
      List.of("detect-language", "sentences", "tokens", "pos-tags", "lemmas");

  /** Where the suite answers. */
  public record Urls(String catalog, String licensing, String payment, String model) {}

  /** How it went: the reconciliation's lines and whether every difference is 0. */
  public record Result(List<String> table, boolean reconciled, long calls, Duration took) {}

  private final Deployment d;
  private final Urls urls;
  private final Consumer<String> out;
  private final Api api = new Api();
  private final Web3j web3j;
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final Map<String, BigInteger> faucet = new LinkedHashMap<>();
  private final Map<String, BigInteger> before = new LinkedHashMap<>();

  Demo(Deployment d, Urls urls, Consumer<String> out) {
    this.d = d;
    this.urls = urls;
    this.out = out;
    this.web3j = Chain.connect(d.rpcUrl());
  }

  public static Result run(Deployment d, Urls urls, Consumer<String> out) throws Exception {
    Demo demo = new Demo(d, urls, out);
    try {
      return demo.story();
    } finally {
      demo.web3j.shutdown();
    }
  }

  <T> T as(Class<T> type, String contract, Credentials who) {
    return Chain.load(type, d.address(contract), web3j, who);
  }

  private Result story() throws Exception {
    long t0 = System.nanoTime();
    long fromBlock = web3j.ethBlockNumber().send().getBlockNumber().longValueExact() + 1;
    Credentials dev = DevAccounts.account(1);
    Credentials alice = DevAccounts.account(2);
    Credentials bob = DevAccounts.account(3);
    Credentials carol = fresh();
    Credentials dave = fresh();
    track("developer (dev account 1)", dev.getAddress());
    track("licence buyer (dev account 2)", alice.getAddress());
    track("pay-per-use caller (dev account 3)", bob.getAddress());
    track("model buyer (fresh key)", carol.getAddress());
    track("licence reseller's buyer (fresh key)", dave.getAddress());
    track("treasury (platform fees)", d.treasury());
    track("UsageEscrow (deposits held)", d.address("UsageEscrow"));

    // 1. the developer signs in, registers, tokenizes, prices and offers licences
    step("1. The developer signs in with Ethereum (EIP-4361) and registers the model");
    String devToken = api.signIn(urls.licensing(), dev);
    String name = "OpenNLP demo " + UUID.randomUUID().toString().substring(0, 6);
    List<Map<String, String>> features = FEATURES.stream().map(f -> Map.of("id", f)).toList();
    Api.Answer reg =
        api.post(
            urls.catalog() + "/v1/models",
            devToken,
            Map.of(
                "name",
                name,
                "summary",
                "Apache OpenNLP: language, sentences, tokens, POS tags, lemmas",
                "task",
                "token-classification",
                "framework",
                "opennlp",
                "features",
                features,
                "endpointUrl",
                urls.model() + "/m",
                "developer",
                dev.getAddress()),
            Map.of());
    need(reg.status() == 201, "catalog registration", reg);
    String id = reg.json().path("id").asText();
    String catalogId = reg.json().path("catalogId").asText();
    say("catalog model %s (%s), endpoint %s/m", id, name, urls.model());
    ModelRegistry registry = as(ModelRegistry.class, "ModelRegistry", dev);
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                registry
                    .tokenize(
                        HexFormat.of().parseHex(catalogId.substring(2)),
                        urls.catalog() + "/v1/models/" + id + "/token-metadata",
                        new byte[32],
                        BigInteger.valueOf(500))
                    .send())
            .get(0)
            .modelId;
    Map<String, BigInteger> prices =
        Map.of(
            "detect-language", milli(1).divide(BigInteger.TWO),
            "sentences", milli(1).divide(BigInteger.TWO),
            "tokens", milli(1),
            "pos-tags", milli(5),
            "lemmas", milli(5));
    for (String f : FEATURES) {
      registry.setUsagePrice(model, Hash.sha3(f.getBytes()), prices.get(f)).send();
    }
    LicenseToken licences = as(LicenseToken.class, "LicenseToken", dev);
    BigInteger fullTier =
        LicenseToken.getTierCreatedEvents(
                licences
                    .createTier(
                        model,
                        SOA.multiply(BigInteger.TWO),
                        BigInteger.valueOf(7 * 86_400),
                        BigInteger.valueOf(5),
                        BigInteger.valueOf(100),
                        true,
                        Hash.sha3("SOA demo terms: every feature".getBytes()),
                        List.of())
                    .send())
            .get(0)
            .tierId;
    licences
        .createTier(
            model,
            SOA.divide(BigInteger.TWO),
            BigInteger.valueOf(30 * 86_400),
            BigInteger.valueOf(1000),
            BigInteger.ZERO,
            true,
            Hash.sha3("SOA demo terms: language only".getBytes()),
            List.of(Hash.sha3("detect-language".getBytes())))
        .send();
    say(
        "tokenized as model %s; tokens %s, pos-tags %s $SOA a call; tier %s: 2 $SOA, 5 calls, every"
            + " feature; tier %s: 0.5 $SOA, detect-language only",
        model,
        soa(prices.get("tokens")),
        soa(prices.get("pos-tags")),
        fullTier,
        fullTier.add(BigInteger.ONE));
    api.await(
        urls.licensing() + "/v1/models/" + model + "/offers",
        a ->
            a.status() == 200
                && !a.json().path("catalogId").isNull()
                && a.json().path("tiers").size() == 2
                && a.json().path("features").size() == FEATURES.size(),
        Duration.ofSeconds(60),
        "the model's offers at the gateway");

    // 2. a licence bought on-chain pays for calls until its quota is used; then 402
    step("2. A user buys the full licence and calls through the gateway until its quota is used");
    mint(alice, SOA.multiply(BigInteger.valueOf(5)));
    as(SOAToken.class, "SOAToken", alice)
        .approve(d.address("LicenseToken"), SOA.multiply(BigInteger.TWO))
        .send();
    BigInteger licence =
        LicenseToken.getLicensePurchasedEvents(
                as(LicenseToken.class, "LicenseToken", alice)
                    .purchase(fullTier, alice.getAddress())
                    .send())
            .get(0)
            .licenseId;
    api.await(
        urls.licensing() + "/v1/entitlements?holder=" + alice.getAddress() + "&model=" + model,
        a -> a.status() == 200 && a.json().size() == 1,
        Duration.ofSeconds(60),
        "the licence");
    String aliceToken = api.signIn(urls.licensing(), alice);
    int granted = 0;
    Api.Answer last = null;
    for (int i = 0; i < 10; i++) {
      last = invoke(aliceToken, model, FEATURES.get(i % FEATURES.size()), null, null);
      if (last.status() != 200) {
        break;
      }
      granted++;
    }
    need(granted == 5 && last.status() == 402, "5 licensed calls then 402", last);
    say(
        "licence %s: %d calls answered by the model, then 402 %s: pay %s $SOA a call by voucher or"
            + " buy one of %d tiers",
        licence,
        granted,
        last.json().path("type").asText(),
        soa(new BigInteger(last.json().path("howToPay").path("pricePerCall").asText("0"))),
        last.json().path("howToPay").path("tiers").size());

    // 3. pay per use: a channel and a few hundred concurrent calls with vouchers, then settlement
    step("3. Another user opens a payment channel and makes concurrent pay-per-use calls");
    mint(bob, SOA.multiply(BigInteger.valueOf(5)));
    as(SOAToken.class, "SOAToken", bob).approve(d.address("UsageEscrow"), SOA).send();
    UsageEscrow escrow = as(UsageEscrow.class, "UsageEscrow", bob);
    escrow.deposit(SOA).send();
    BigInteger channel =
        UsageEscrow.getChannelOpenedEvents(
                escrow
                    .openChannel(
                        model,
                        SOA.divide(BigInteger.TWO),
                        BigInteger.valueOf(Instant.now().plusSeconds(2 * 86_400).getEpochSecond()),
                        bob.getAddress())
                    .send())
            .get(0)
            .channelId;
    api.await(
        urls.payment() + "/v1/channels/" + channel,
        a -> a.status() == 200,
        Duration.ofSeconds(60),
        "the channel at payment-service");
    String bobToken = api.signIn(urls.licensing(), bob);
    AtomicLong signed = new AtomicLong(); // vouchers signed on the channel so far
    int paid = payPerUse(bobToken, model, channel, bob, prices.get("tokens"), 300, signed);
    BigInteger charged = prices.get("tokens").multiply(BigInteger.valueOf(paid));
    say("%d calls paid by voucher on channel %s: %s $SOA charged", paid, channel, soa(charged));
    settle(devToken, model, channel, charged);
    say(
        "settled on-chain: the developer is paid %s $SOA (the fee %s stays with the treasury)",
        soa(charged.subtract(fee(charged))), soa(fee(charged)));

    // 4. the model token is sold; later calls pay the new owner; the licence is resold
    step("4. The developer sells the model token; the licence is resold with a royalty");
    mint(carol, SOA.multiply(BigInteger.TEN));
    registry.approve(d.address("Marketplace"), model).send();
    BigInteger listing =
        Marketplace.getListedEvents(
                as(Marketplace.class, "Marketplace", dev)
                    .list(d.address("ModelRegistry"), model, SOA.multiply(BigInteger.valueOf(5)))
                    .send())
            .get(0)
            .listingId;
    as(SOAToken.class, "SOAToken", carol)
        .approve(d.address("Marketplace"), SOA.multiply(BigInteger.valueOf(5)))
        .send();
    as(Marketplace.class, "Marketplace", carol).buy(listing).send();
    api.await(
        urls.licensing() + "/v1/models/" + model + "/offers",
        a -> carol.getAddress().equalsIgnoreCase(a.json().path("owner").asText()),
        Duration.ofSeconds(60),
        "the new owner");
    say("model %s sold for 5 $SOA to %s", model, carol.getAddress());
    int more = payPerUse(bobToken, model, channel, bob, prices.get("tokens"), 50, signed);
    BigInteger charged2 = prices.get("tokens").multiply(BigInteger.valueOf(paid + more));
    settle(api.signIn(urls.licensing(), carol), model, channel, charged2); // the owner asks now
    say(
        "%d more calls; settlement pays the new owner %s $SOA",
        more, soa(charged2.subtract(charged).subtract(fee(charged2).subtract(fee(charged)))));
    mint(dave, SOA.multiply(BigInteger.TWO));
    as(LicenseToken.class, "LicenseToken", alice).approve(d.address("Marketplace"), licence).send();
    BigInteger resale =
        Marketplace.getListedEvents(
                as(Marketplace.class, "Marketplace", alice)
                    .list(d.address("LicenseToken"), licence, SOA)
                    .send())
            .get(0)
            .listingId;
    as(SOAToken.class, "SOAToken", dave).approve(d.address("Marketplace"), SOA).send();
    as(Marketplace.class, "Marketplace", dave).buy(resale).send();
    api.await(
        urls.licensing() + "/v1/entitlements?holder=" + dave.getAddress() + "&model=" + model,
        a -> a.status() == 200 && a.json().size() == 1,
        Duration.ofSeconds(60),
        "the resold licence");
    say("licence %s resold for 1 $SOA: the royalty goes to the model's new owner", licence);

    // 5. every account's on-chain change against what the events say
    step("5. Reconciliation: on-chain $SOA change against the suite's events, per account");
    List<String> table = new ArrayList<>();
    boolean ok = reconcile(fromBlock, table);
    Api.Answer rec = api.get(urls.payment() + "/v1/reconciliation");
    String diff = rec.json() == null ? "?" : rec.json().path("differenceWei").asText("?");
    String line =
        String.format("payment-service ledger against on-chain claims: difference %s wei", diff);
    table.add(line);
    out.accept("  " + line);
    ok &= "0".equals(diff);
    out.accept("");
    out.accept(
        "  look: "
            + urls.catalog()
            + "/v1/models/"
            + id
            + " | "
            + urls.licensing()
            + "/v1/entitlements?holder="
            + dave.getAddress()
            + " | "
            + urls.licensing()
            + "/v1/models/"
            + model
            + "/offers | "
            + urls.payment()
            + "/v1/earnings | "
            + urls.payment()
            + "/v1/reconciliation | topics soa.licensing.access.v1, soa.payments.charges.v1 on "
            + d.kafkaBootstrap());
    return new Result(table, ok, granted + paid + more, Duration.ofNanos(System.nanoTime() - t0));
  }

  /** {@code n} calls of {@code tokens} from 8 threads, each with the next cumulative voucher. */
  private int payPerUse(
      String token,
      BigInteger model,
      BigInteger channel,
      Credentials signer,
      BigInteger price,
      int n,
      AtomicLong signed)
      throws Exception {
    Vouchers.Domain domain = new Vouchers.Domain(d.chainId(), d.address("UsageEscrow"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        done.add(
            pool.submit(
                () -> {
                  BigInteger cumulative =
                      price.multiply(BigInteger.valueOf(signed.incrementAndGet()));
                  String voucher =
                      channel
                          + ":"
                          + cumulative
                          + ":"
                          + Numeric.toHexString(
                              domain.sign(channel, cumulative, signer.getEcKeyPair()));
                  return invoke(token, model, "tokens", voucher, null).status();
                }));
      }
      int ok = 0;
      for (Future<Integer> f : done) {
        ok += f.get() == 200 ? 1 : 0;
      }
      need(ok == n, n + " paid calls", null);
      return ok;
    } finally {
      pool.shutdown();
    }
  }

  private void settle(String token, BigInteger model, BigInteger channel, BigInteger charged) {
    Api.Answer a =
        api.post(urls.payment() + "/v1/settlements?modelId=" + model, token, null, Map.of());
    need(a.status() == 200, "settlement", a);
    api.await(
        urls.payment() + "/v1/channels/" + channel,
        c -> charged.toString().equals(c.json().path("claimedOnChain").asText()),
        Duration.ofSeconds(90),
        "the claim of " + charged + " confirmed");
  }

  private Api.Answer invoke(
      String token, BigInteger model, String feature, String voucher, String requestId) {
    Map<String, String> h = new LinkedHashMap<>();
    if (voucher != null) {
      h.put("SOA-Voucher", voucher);
    }
    if (requestId != null) {
      h.put("SOA-Request-Id", requestId);
    }
    return api.post(
        urls.licensing() + "/v1/models/" + model + "/features/" + feature + "/invoke",
        token,
        Map.of("text", "The cats were sitting on the mats. They looked happy."),
        h);
  }

  /** Each account's on-chain change against the faucet plus what the events say; true if all 0. */
  private boolean reconcile(long fromBlock, List<String> table) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      Map<String, BigInteger> events =
          ChainLedger.deltas(
              d.kafkaBootstrap(),
              d.chainId(),
              d.treasury(),
              d.address("UsageEscrow"),
              fromBlock,
              this::blockHash);
      List<String> lines = new ArrayList<>();
      boolean all = true;
      lines.add(
          String.format(
              "%-38s %22s %22s %12s", "account", "on-chain change", "events say", "difference"));
      for (var e : labels.entrySet()) {
        String a = e.getKey();
        BigInteger chain = balance(a).subtract(before.get(a));
        BigInteger said =
            events.getOrDefault(a, BigInteger.ZERO).add(faucet.getOrDefault(a, BigInteger.ZERO));
        BigInteger diff = chain.subtract(said);
        all &= diff.signum() == 0;
        lines.add(
            String.format(
                "%-38s %22s %22s %12s", e.getValue(), soa(chain), soa(said), diff + " wei"));
      }
      if (all || System.nanoTime() > deadline) {
        lines.forEach(l -> out.accept("  " + l));
        out.accept(
            "  (faucet: $SOA minted to the users by the dev chain's admin, counted as income)");
        table.addAll(lines);
        return all;
      }
      Thread.sleep(500); // the indexer publishes at its confirmation depth: let it catch up
    }
  }

  /** The hash of this chain's block {@code n}: events of another chain are not this one's. */
  private String blockHash(long n) {
    try {
      var b =
          web3j
              .ethGetBlockByNumber(
                  org.web3j.protocol.core.DefaultBlockParameter.valueOf(BigInteger.valueOf(n)),
                  false)
              .send()
              .getBlock();
      return b == null ? "" : b.getHash();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private BigInteger balance(String address) throws Exception {
    return as(SOAToken.class, "SOAToken", DevAccounts.deployer()).balanceOf(address).send();
  }

  private void track(String label, String address) throws Exception {
    String a = address.toLowerCase(java.util.Locale.ROOT);
    labels.put(a, label);
    before.put(a, balance(a));
  }

  /** $SOA for a user from the dev chain's admin (the local stack's faucet). */
  private void mint(Credentials to, BigInteger amount) throws Exception {
    as(SOAToken.class, "SOAToken", DevAccounts.deployer()).mint(to.getAddress(), amount).send();
    faucet.merge(to.getAddress().toLowerCase(java.util.Locale.ROOT), amount, BigInteger::add);
  }

  /** A fresh wallet with gas from the dev chain (anvil_setBalance: local chains only). */
  private Credentials fresh() throws Exception {
    Credentials c = Credentials.create(Keys.createEcKeyPair());
    new DevChain(new HttpService(d.rpcUrl())).setBalance(c.getAddress(), SOA);
    return c;
  }

  private BigInteger fee(BigInteger amount) {
    return amount.multiply(BigInteger.valueOf(d.feeBps())).divide(BigInteger.valueOf(10_000));
  }

  private void step(String title) {
    out.accept("");
    out.accept(title);
  }

  private void say(String format, Object... args) {
    out.accept("  " + String.format(format, args));
  }

  private static void need(boolean ok, String what, Api.Answer a) {
    if (!ok) {
      throw new IllegalStateException(
          what + " failed" + (a == null ? "" : ": " + a.status() + " " + a.json()));
    }
  }

  static BigInteger milli(long n) {
    return SOA.divide(BigInteger.valueOf(1000)).multiply(BigInteger.valueOf(n));
  }

  static String soa(BigInteger wei) {
    return new BigDecimal(wei, 18).stripTrailingZeros().toPlainString();
  }

  /** {@code ./soa demo}: against the running {@code ./soa up} (or URLs in SOA_DEMO_*). */
  public static void main(String[] args) throws Exception {
    java.nio.file.Path root = io.soa.devchain.RepoRoot.find();
    Deployment d = Deployment.read(root.resolve(".soa/deployment.json"));
    Urls urls =
        new Urls(
            env("SOA_DEMO_CATALOG_URL", "http://127.0.0.1:8081"),
            env("SOA_DEMO_LICENSING_URL", "http://127.0.0.1:8082"),
            env("SOA_DEMO_PAYMENT_URL", "http://127.0.0.1:8083"),
            env("SOA_DEMO_MODEL_URL", "http://127.0.0.1:8090"));
    System.out.println(
        "SOA demo on chain "
            + d.chainId()
            + " ("
            + d.rpcUrl()
            + "), anvil dev accounts: LOCAL CHAINS ONLY");
    Result r;
    try {
      r = run(d, urls, System.out::println);
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
    System.exit(r.reconciled() ? 0 : 1);
  }

  private static String env(String name, String dflt) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? dflt : v;
  }
}
