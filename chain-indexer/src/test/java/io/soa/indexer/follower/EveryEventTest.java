package io.soa.indexer.follower;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cloudevents.CloudEvent;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelPayees;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.events.EventCodec;
import io.soa.events.EventSchemas;
import io.soa.events.EventType;
import io.soa.events.EventTypes;
import io.soa.events.Topics;
import io.soa.events.chain.ChainReorganized;
import io.soa.testing.ChainAudit;
import io.soa.testing.SoaTestResource;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * Every event of every contract reaches its topic, keyed right, valid, and exact field by field.
 */
@QuarkusTest
@WithTestResource(
    value = SoaTestResource.class,
    initArgs = {
      @ResourceArg(name = "database", value = "indexer_every_event_test"),
      @ResourceArg(name = "chain", value = "true")
    })
class EveryEventTest {
  static final BigInteger ONE = BigInteger.TEN.pow(18);

  @ConfigProperty(name = "soa.chain.rpc-url")
  String rpcUrl;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String kafka;

  @ConfigProperty(name = "soa.chain.contracts.model-registry")
  String registryAt;

  @ConfigProperty(name = "soa.test.admin-key")
  String adminKey;

  Web3j web3j;

  @jakarta.inject.Inject ChainFollower follower;

  <T> T as(Class<T> type, String at, Credentials who) {
    return Chain.load(type, at, web3j, who);
  }

  static TransactionReceipt ok(RemoteFunctionCall<TransactionReceipt> c) throws Exception {
    TransactionReceipt r = c.send();
    assertThat(r.isStatusOK()).isTrue();
    return r;
  }

  @Test
  void everyContractEventIsPublishedExactly() throws Exception {
    HttpService service = new HttpService(rpcUrl);
    web3j = Web3j.build(service);
    DevChain dev = new DevChain(service);
    Credentials admin = Credentials.create(adminKey);
    String soaAt = TestChain.address("soa-token");
    String licensesAt = TestChain.address("license-token");
    String marketAt = TestChain.address("marketplace");
    String escrowAt = TestChain.address("usage-escrow");
    Credentials owner = DevAccounts.account(1);
    Credentials buyer = DevAccounts.account(2);
    Credentials payer = DevAccounts.account(3);

    SOAToken soa = as(SOAToken.class, soaAt, admin);
    ok(soa.mint(buyer.getAddress(), ONE.multiply(BigInteger.valueOf(1000))));
    ok(soa.mint(payer.getAddress(), ONE.multiply(BigInteger.valueOf(1000))));
    BatchEvents.exercise(web3j, dev, 31337, soaAt, payer, admin); // x402 batch-settlement

    ModelRegistry reg = as(ModelRegistry.class, registryAt, owner);
    byte[] catalogId = new byte[32];
    catalogId[20] = 9;
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                ok(reg.tokenize(catalogId, "https://c/1", new byte[32], BigInteger.valueOf(500))))
            .get(0)
            .modelId;
    ok(reg.setMetadata(model, "https://c/2", new byte[32]));
    ok(reg.setRoyalty(model, BigInteger.valueOf(300)));
    byte[] feature = new byte[32];
    feature[0] = 'f';
    ok(reg.setUsagePrice(model, feature, ONE.divide(BigInteger.valueOf(100))));
    ok(reg.approve(marketAt, model));
    ok(reg.setApprovalForAll(marketAt, true));

    LicenseToken lic = as(LicenseToken.class, licensesAt, owner);
    BigInteger tier =
        LicenseToken.getTierCreatedEvents(
                ok(
                    lic.createTier(
                        model,
                        ONE,
                        BigInteger.valueOf(3600),
                        BigInteger.valueOf(100),
                        BigInteger.ZERO,
                        true,
                        new byte[32],
                        java.util.List.of(
                            org.web3j.crypto.Hash.sha3(
                                "tokens".getBytes(java.nio.charset.StandardCharsets.UTF_8))))))
            .get(0)
            .tierId;
    ok(lic.setTierActive(tier, false));
    ok(lic.setTierActive(tier, true));
    ok(as(SOAToken.class, soaAt, buyer).approve(licensesAt, ONE.multiply(BigInteger.TEN)));
    LicenseToken licBuyer = as(LicenseToken.class, licensesAt, buyer);
    BigInteger license =
        LicenseToken.getLicensePurchasedEvents(ok(licBuyer.purchase(tier, buyer.getAddress())))
            .get(0)
            .licenseId;
    // A transfer whose purchase the indexer never saw (before its start block or a restart)
    // is keyed by the model the licence contract names on-chain:
    assertThat(follower.modelOfLicense(license.toString())).isEqualTo(model.toString());
    ok(licBuyer.approve(marketAt, license));
    ok(licBuyer.setApprovalForAll(marketAt, true));
    Marketplace mkBuyer = as(Marketplace.class, marketAt, buyer);
    BigInteger l1 =
        Marketplace.getListedEvents(
                ok(mkBuyer.list(licensesAt, license, ONE.multiply(BigInteger.TWO))))
            .get(0)
            .listingId;
    ok(mkBuyer.cancel(l1));
    BigInteger l2 =
        Marketplace.getListedEvents(
                ok(mkBuyer.list(licensesAt, license, ONE.multiply(BigInteger.TWO))))
            .get(0)
            .listingId;
    ok(as(SOAToken.class, soaAt, payer).approve(marketAt, ONE.multiply(BigInteger.TEN)));
    ok(as(Marketplace.class, marketAt, payer).buy(l2));

    ok(as(SOAToken.class, soaAt, payer).approve(escrowAt, ONE.multiply(BigInteger.valueOf(100))));
    UsageEscrow esc = as(UsageEscrow.class, escrowAt, payer);
    ok(esc.deposit(ONE.multiply(BigInteger.valueOf(20))));
    long now = dev.now();
    BigInteger ch =
        UsageEscrow.getChannelOpenedEvents(
                ok(
                    esc.openChannel(
                        model,
                        ONE.multiply(BigInteger.TEN),
                        BigInteger.valueOf(now + 600),
                        payer.getAddress())))
            .get(0)
            .channelId;
    ok(esc.extend(ch, ONE, BigInteger.valueOf(now + 1200)));
    ok(esc.claim(ch, ONE, Vouchers.sign(31337, escrowAt, ch, ONE, payer.getEcKeyPair())));
    byte[][] good =
        Vouchers.compact(
            Vouchers.sign(31337, escrowAt, ch, ONE.multiply(BigInteger.TWO), payer.getEcKeyPair()));
    byte[][] bad =
        Vouchers.compact(
            Vouchers.sign(
                31337, escrowAt, ch, ONE.multiply(BigInteger.valueOf(99)), payer.getEcKeyPair()));
    ok(
        as(UsageEscrow.class, escrowAt, admin)
            .claimBatch(
                List.of(
                    new UsageEscrow.Claim(ch, ONE.multiply(BigInteger.TWO), good[0], good[1]),
                    new UsageEscrow.Claim(
                        ch, ONE.multiply(BigInteger.valueOf(99)), bad[0], bad[1]))));
    ok(esc.withdraw(ONE));
    dev.increaseTime(1300 + 86_400); // past expiry and the default claim window
    ok(esc.closeExpired(ch));
    ok(as(UsageEscrow.class, escrowAt, admin).setClaimWindow(BigInteger.valueOf(86_400)));

    LicenseToken licAdmin = as(LicenseToken.class, licensesAt, admin);
    ok(licAdmin.setPlatformFee(BigInteger.valueOf(300)));
    ok(licAdmin.setTreasury(DevAccounts.treasury().getAddress()));
    ok(as(Marketplace.class, marketAt, admin).transferOwnership(owner.getAddress()));
    ok(as(Marketplace.class, marketAt, owner).acceptOwnership());
    // the model's payee: paid like an x402 payTo, released by anyone to the model's owner
    ModelPayees payees = as(ModelPayees.class, TestChain.address("model-payees"), buyer);
    ok(as(SOAToken.class, soaAt, buyer).transfer(payees.payeeOf(model).send(), ONE));
    ok(payees.release(model));
    ok(reg.transferFrom(owner.getAddress(), buyer.getAddress(), model));
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();

    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> given().get("/v1/status").then().extract().<Integer>path("cursor") >= head);

    Map<String, String> contracts = TestChain.withBatch();
    ChainAudit.Report report = TestChain.audit(web3j, contracts);
    assertThat(report.lost()).isEmpty();
    assertThat(report.diverged()).isEmpty();
    assertThat(report.duplicatesAfterDedupe()).isEmpty();
    assertThat(report.fieldMismatches()).isEmpty();
    assertThat(report.canonical()).isGreaterThan(40);

    // every type seen, valid against its schema, and keyed as DESIGN §4 says
    Set<String> types = new HashSet<>();
    for (ConsumerRecord<String, byte[]> rec :
        ChainAudit.readAll(
            kafka,
            List.of(
                Topics.CHAIN_MODELS,
                Topics.CHAIN_LICENSES,
                Topics.CHAIN_MARKET,
                Topics.CHAIN_ESCROW))) {
      CloudEvent ce = io.soa.testing.TopicReader.cloudEventOrNull(rec);
      if (ce == null) {
        continue; // a poison record of another test on the shared broker
      }
      var d = EventCodec.JSON.readTree(ce.getData().toBytes());
      if (!d.has("contract")
          || !contracts.containsValue(d.get("contract").asText())
              && !contracts.values().stream()
                  .anyMatch(a -> a.equalsIgnoreCase(d.get("contract").asText()))) {
        continue; // another test class's chain on the shared broker
      }
      EventType<?> t = EventTypes.byType(ce.getType()).orElseThrow();
      assertThat(t.topics()).contains(rec.topic());
      assertThat(EventSchemas.violations(t, ce.getData().toBytes())).as(ce.getType()).isEmpty();
      assertThat(ce.getSubject()).isEqualTo(rec.key());
      types.add(ce.getType().replace("soa.chain.", "").replace(".v1", ""));
      switch (ce.getType()) {
        case "soa.chain.LicensePurchased.v1",
            "soa.chain.TierCreated.v1",
            "soa.chain.ModelTokenized.v1",
            "soa.chain.UsagePriceSet.v1",
            "soa.chain.PayeeReleased.v1" ->
            assertThat(rec.key()).isEqualTo(d.get("modelId").asText());
        case "soa.chain.LicenseTransferred.v1", "soa.chain.ModelTransferred.v1" ->
            assertThat(rec.key()).isEqualTo(model.toString());
        case "soa.chain.Sold.v1", "soa.chain.Listed.v1" ->
            assertThat(rec.key())
                .isEqualTo(d.get("collection").asText() + ":" + d.get("tokenId").asText());
        case "soa.chain.ChannelClaimed.v1",
            "soa.chain.ChannelOpened.v1",
            "soa.chain.ClaimSkipped.v1" ->
            assertThat(rec.key()).isEqualTo(ch.toString());
        default -> {}
      }
    }
    Set<String> expected = new HashSet<>();
    EventTypes.chain()
        .map(EventType::type)
        .filter(t -> !t.equals(ChainReorganized.TYPE))
        .forEach(t -> expected.add(t.replace("soa.chain.", "").replace(".v1", "")));
    assertThat(types).containsAll(expected);
    web3j.shutdown();
  }
}
