package io.soa.demo;

import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelPayees;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.deploy.Deployment;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;

/**
 * The whole story against a running suite, through its public APIs and the chain only (register,
 * tokenize, price, license, call, pay per use, settle, sell, resell), ending with every account's
 * on-chain $SOA change against what the suite's events say, to the wei. Wallets: {@link Wallets}.
 */
public final class Demo {
  static final BigInteger SOA = BigInteger.TEN.pow(18);
  static final List<String> FEATURES =
      List.of("detect-language", "sentences", "tokens", "pos-tags", "lemmas");

  /** Where the suite answers. */
  public record Urls(String catalog, String licensing, String payment, String model) {
    /** From the base URL of each service, by name (as a local stack gives them). */
    public static Urls of(java.util.Map<String, String> byService) {
      return new Urls(
          byService.get("catalog-service"),
          byService.get("licensing-service"),
          byService.get("payment-service"),
          byService.get("example-model"));
    }
  }

  /**
   * How it went: the reconciliation's lines and whether every difference is 0; the on-chain id of
   * the model it made and what its calls paid by voucher were charged, in $SOA base units.
   */
  public record Result(
      List<String> table,
      boolean reconciled,
      long calls,
      Duration took,
      BigInteger model,
      BigInteger payPerUse) {}

  private final Deployment d;
  private final Urls urls;
  private final Consumer<String> out;
  private final Api api;
  private final Web3j web3j;
  private final Calls calls;
  private final X402Story x402;
  private Wallets wallets;
  private Reconciliation books;

  Demo(Deployment d, Urls urls, Consumer<String> out, Hooks hooks) {
    this.d = d;
    this.urls = urls;
    this.out = out;
    this.api = new Api(hooks.timer());
    this.web3j = Web3j.build(new GatedRpc(d.rpcUrl(), hooks.chainGate()));
    this.calls = new Calls(d, urls, api, hooks.onCall());
    this.x402 = new X402Story(api, d.address("SOAToken"), hooks.onCall());
  }

  public static Result run(Deployment d, Urls urls, Consumer<String> out) throws Exception {
    return run(d, urls, out, Hooks.NONE);
  }

  public static Result run(Deployment d, Urls urls, Consumer<String> out, Hooks hooks)
      throws Exception {
    Demo demo = new Demo(d, urls, out, hooks);
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
    wallets = Wallets.of(d, web3j, System.getenv("SOA_DEMO_KEYS"));
    books = new Reconciliation(d, web3j);
    Credentials dev = wallets.developer();
    Credentials alice = wallets.licenceBuyer();
    Credentials bob = wallets.payer();
    Credentials carol = wallets.modelBuyer();
    Credentials dave = wallets.resaleBuyer();
    wallets.labels().forEach(books::track);
    books.track(d.treasury(), "treasury (platform fees)");
    books.track(d.address("UsageEscrow"), "UsageEscrow (deposits held)");
    books.track(d.address("X402BatchSettlement"), "X402BatchSettlement (x402 channels)");

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
    Offering.Made offer =
        Offering.make(
            as(ModelRegistry.class, "ModelRegistry", dev),
            as(LicenseToken.class, "LicenseToken", dev),
            catalogId,
            urls.catalog() + "/v1/models/" + id + "/token-metadata");
    BigInteger model = offer.model();
    BigInteger fullTier = offer.fullTier();
    Map<String, BigInteger> prices = offer.prices();
    Market.publishTerms(
        api, urls.catalog(), id, devToken, Market.FULL_TERMS, Market.LANGUAGE_TERMS);
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
    wallets.fund(alice, SOA.multiply(BigInteger.valueOf(5)), SOA.multiply(BigInteger.TWO));
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
      last = calls.invoke(alice, aliceToken, model, FEATURES.get(i % FEATURES.size()), null, null);
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
    wallets.fund(bob, SOA.multiply(BigInteger.valueOf(5)), SOA);
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
    int paid = calls.payPerUse(bobToken, model, channel, bob, prices.get("tokens"), 300, signed);
    BigInteger charged = prices.get("tokens").multiply(BigInteger.valueOf(paid));
    say("%d calls paid by voucher on channel %s: %s $SOA charged", paid, channel, soa(charged));
    calls.settle(devToken, model, channel, charged);
    say(
        "settled on-chain: the developer is paid %s $SOA (the fee %s stays with the treasury)",
        soa(charged.subtract(fee(charged))), soa(fee(charged)));
    String payee = new io.soa.contracts.Payees(d.address("ModelPayees")).of(model);
    books.track(payee, "the model's payee (x402)");
    x402.pay(calls.invokeUrl(model, "tokens"), bob, payee, d.chainId()).forEach(l -> say("%s", l));

    // 4. the model token is sold; later calls pay the new owner; the licence is resold
    step("4. The developer sells the model token; the licence is resold with a royalty");
    wallets.fund(carol, SOA.multiply(BigInteger.TEN), SOA.multiply(BigInteger.valueOf(5)));
    as(ModelRegistry.class, "ModelRegistry", dev).approve(d.address("Marketplace"), model).send();
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
    int more = calls.payPerUse(bobToken, model, channel, bob, prices.get("tokens"), 50, signed);
    BigInteger charged2 = prices.get("tokens").multiply(BigInteger.valueOf(paid + more));
    calls.settle(
        api.signIn(urls.licensing(), carol), model, channel, charged2); // the owner asks now
    say(
        "%d more calls; settlement pays the new owner %s $SOA",
        more, soa(charged2.subtract(charged).subtract(fee(charged2).subtract(fee(charged)))));
    wallets.fund(dave, SOA.multiply(BigInteger.TWO), SOA);
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
    say("%s", X402Agent.release(as(ModelPayees.class, "ModelPayees", dev), model));
    Market.show(api, urls.catalog(), id, 2, out);

    // 5. every account's on-chain change against what the events say
    step("5. Reconciliation: on-chain $SOA change against the suite's events, per account");
    List<String> table = new ArrayList<>();
    boolean ok = books.reconcile(fromBlock, wallets.minted(), table, out);
    ok &= Reconciliation.ledger(api, urls.payment(), table, out);
    out.accept("");
    out.accept(
        String.format(
            "  look: %s/v1/models/%s/market | %s/v1/entitlements?holder=%s | %s/v1/models/%s/offers"
                + " | %s/v1/x402/discovery/resources | %s/v1/earnings | %s/v1/reconciliation |"
                + " topics soa.licensing.access.v1, soa.payments.charges.v1 on %s",
            urls.catalog(),
            id,
            urls.licensing(),
            dave.getAddress(),
            urls.licensing(),
            model,
            urls.licensing(),
            urls.payment(),
            urls.payment(),
            d.kafkaBootstrap()));
    return new Result(
        table,
        ok,
        granted + paid + more + 5 + X402ChannelAgent.CALLS,
        Duration.ofNanos(System.nanoTime() - t0),
        model,
        charged2);
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
}
