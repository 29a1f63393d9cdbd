package io.soa.bench;

import io.soa.contracts.Vouchers;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.Marketplace;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.AnvilNode;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devchain.DevChain;
import io.soa.devchain.deploy.Deployer;
import io.soa.devchain.deploy.Deployment;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * Gas per operation, read from receipts on a fresh anvil: the median of several runs of each
 * operation in a steady state (payees and treasury already hold $SOA, as in production), and {@code
 * claimBatch} of 1, 10 and 100 channels spread over four models with four owners.
 */
final class ContractsBench {
  private ContractsBench() {}

  static final BigInteger ONE = BigInteger.TEN.pow(18);
  static final int MODELS = 4;

  private static Web3j web3j;
  private static Deployment d;
  private static int catalogSeq;

  static void run() throws Exception {
    try (AnvilNode anvil = AnvilNode.startOnFreePort()) {
      HttpService service = new HttpService(anvil.rpcUrl());
      web3j = Web3j.build(service);
      DevChain dev = new DevChain(service);
      d = Deployer.deploy(anvil.rpcUrl(), DevAccounts.deployer());
      Credentials admin = DevAccounts.deployer();
      Credentials buyer = DevAccounts.account(2);
      Credentials payer = DevAccounts.account(3);
      List<Credentials> owners = new ArrayList<>();
      for (int i = 0; i < MODELS; i++) {
        owners.add(
            i == 0
                ? DevAccounts.account(1)
                : Credentials.create(org.web3j.crypto.Keys.createEcKeyPair()));
      }
      for (Credentials o : owners.subList(1, MODELS)) {
        fundEth(admin, o.getAddress());
      }
      SOAToken soa = load(SOAToken.class, "SOAToken", admin);
      for (Credentials c : List.of(buyer, payer, owners.get(0), DevAccounts.treasury())) {
        tx(soa.mint(c.getAddress(), ONE.multiply(BigInteger.valueOf(1_000_000))));
      }
      for (Credentials o : owners) {
        tx(soa.mint(o.getAddress(), ONE)); // payees already hold $SOA
      }

      Map<String, Long> gas = new LinkedHashMap<>();
      Credentials owner = owners.get(0);
      ModelRegistry registry = load(ModelRegistry.class, "ModelRegistry", owner);
      List<Long> tokenize = new ArrayList<>();
      List<BigInteger> models = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        TransactionReceipt r =
            tx(
                registry.tokenize(
                    nextCatalogId(),
                    "https://catalog.example/v1/models/x/token-metadata",
                    new byte[32],
                    BigInteger.valueOf(500)));
        tokenize.add(r.getGasUsed().longValueExact());
        models.add(ModelRegistry.getModelTokenizedEvents(r).get(0).modelId);
      }
      gas.put("tokenize", median(tokenize));

      LicenseToken licenses = load(LicenseToken.class, "LicenseToken", owner);
      List<Long> createTier = new ArrayList<>();
      BigInteger tierId = null;
      for (int i = 0; i < 5; i++) {
        TransactionReceipt r =
            tx(
                licenses.createTier(
                    models.get(0),
                    ONE.multiply(BigInteger.TEN),
                    BigInteger.valueOf(30 * 86400),
                    BigInteger.valueOf(10_000),
                    BigInteger.ZERO,
                    true,
                    new byte[32],
                    java.util.List.of()));
        createTier.add(r.getGasUsed().longValueExact());
        tierId = LicenseToken.getTierCreatedEvents(r).get(0).tierId;
      }
      gas.put("createTier", median(createTier));

      LicenseToken asBuyer = load(LicenseToken.class, "LicenseToken", buyer);
      tx(
          load(SOAToken.class, "SOAToken", buyer)
              .approve(d.address("LicenseToken"), ONE.multiply(BigInteger.valueOf(1_000_000))));
      List<Long> purchase = new ArrayList<>();
      List<BigInteger> licenseIds = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        TransactionReceipt r = tx(asBuyer.purchase(tierId, buyer.getAddress()));
        purchase.add(r.getGasUsed().longValueExact());
        licenseIds.add(LicenseToken.getLicensePurchasedEvents(r).get(0).licenseId);
      }
      gas.put("purchase", median(purchase));

      Marketplace sellerMarket = load(Marketplace.class, "Marketplace", buyer);
      tx(asBuyer.setApprovalForAll(d.address("Marketplace"), true));
      List<Long> list = new ArrayList<>();
      List<BigInteger> listings = new ArrayList<>();
      for (BigInteger license : licenseIds) {
        TransactionReceipt r =
            tx(
                sellerMarket.list(
                    d.address("LicenseToken"), license, ONE.multiply(BigInteger.valueOf(20))));
        list.add(r.getGasUsed().longValueExact());
        listings.add(Marketplace.getListedEvents(r).get(0).listingId);
      }
      gas.put("list", median(list));
      Marketplace buyerMarket = load(Marketplace.class, "Marketplace", payer);
      tx(
          load(SOAToken.class, "SOAToken", payer)
              .approve(d.address("Marketplace"), ONE.multiply(BigInteger.valueOf(1_000_000))));
      List<Long> buy = new ArrayList<>();
      for (BigInteger l : listings) {
        buy.add(tx(buyerMarket.buy(l)).getGasUsed().longValueExact());
      }
      gas.put("buy", median(buy));

      // pay-per-use: one model per owner, channels round-robin over them
      List<BigInteger> ppuModels = new ArrayList<>();
      ppuModels.add(models.get(1));
      for (Credentials o : owners.subList(1, MODELS)) {
        TransactionReceipt r =
            tx(
                load(ModelRegistry.class, "ModelRegistry", o)
                    .tokenize(nextCatalogId(), "x", new byte[32], BigInteger.ZERO));
        ppuModels.add(ModelRegistry.getModelTokenizedEvents(r).get(0).modelId);
      }
      UsageEscrow escrow = load(UsageEscrow.class, "UsageEscrow", payer);
      tx(
          load(SOAToken.class, "SOAToken", payer)
              .approve(d.address("UsageEscrow"), ONE.multiply(BigInteger.valueOf(1_000_000))));
      tx(escrow.deposit(ONE.multiply(BigInteger.valueOf(100_000))));
      BigInteger expires = BigInteger.valueOf(dev.now() + 86_400);
      int needed = 5 + 1 + 10 + 100;
      List<BigInteger> channels = new ArrayList<>();
      List<Long> open = new ArrayList<>();
      for (int i = 0; i < needed; i++) {
        TransactionReceipt r =
            tx(
                escrow.openChannel(
                    ppuModels.get(i % MODELS),
                    ONE.multiply(BigInteger.TEN),
                    expires,
                    payer.getAddress()));
        open.add(r.getGasUsed().longValueExact());
        channels.add(UsageEscrow.getChannelOpenedEvents(r).get(0).channelId);
      }
      gas.put("openChannel", median(open));

      UsageEscrow settler = load(UsageEscrow.class, "UsageEscrow", admin);
      BigInteger amount = ONE.divide(BigInteger.valueOf(1000)).multiply(BigInteger.valueOf(37));
      List<Long> claim = new ArrayList<>();
      for (BigInteger ch : channels.subList(0, 5)) {
        claim.add(
            tx(settler.claim(
                    ch,
                    amount,
                    Vouchers.sign(
                        d.chainId(), d.address("UsageEscrow"), ch, amount, payer.getEcKeyPair())))
                .getGasUsed()
                .longValueExact());
      }
      gas.put("claim", median(claim));

      int from = 5;
      for (int n : new int[] {1, 10, 100}) {
        List<UsageEscrow.Claim> batch = new ArrayList<>();
        for (BigInteger ch : channels.subList(from, from + n)) {
          byte[][] rvs =
              Vouchers.compact(
                  Vouchers.sign(
                      d.chainId(), d.address("UsageEscrow"), ch, amount, payer.getEcKeyPair()));
          batch.add(new UsageEscrow.Claim(ch, amount, rvs[0], rvs[1]));
        }
        from += n;
        TransactionReceipt r = tx(settler.claimBatch(batch));
        if (UsageEscrow.getChannelClaimedEvents(r).size() != n) {
          throw new IllegalStateException(
              "batch of " + n + " claimed " + UsageEscrow.getChannelClaimedEvents(r).size());
        }
        gas.put("claimBatch" + n + "PerChannel", r.getGasUsed().longValueExact() / n);
        gas.put("claimBatch" + n + "Total", r.getGasUsed().longValueExact());
      }
      web3j.shutdown();

      System.out.println(
          "Gas per operation (anvil, solc 0.8.30 viaIR, optimizer 200 runs; median of 5 where repeated):");
      System.out.printf("  %-28s %10s%n", "operation", "gas");
      gas.forEach((k, v) -> System.out.printf("  %-28s %,10d%n", k, v));
      System.out.printf(
          "targets: claimBatch100PerChannel <= 30,000: %s; purchase <= 200,000: %s%n",
          gas.get("claimBatch100PerChannel") <= 30_000 ? "met" : "MISSED",
          gas.get("purchase") <= 200_000 ? "met" : "MISSED");
      System.out.println("wrote " + Bench.writeJson("contracts", gas));
    }
  }

  private static byte[] nextCatalogId() {
    byte[] b = new byte[32];
    int n = ++catalogSeq;
    b[16] = 0x42;
    b[30] = (byte) (n >> 8);
    b[31] = (byte) n;
    return b;
  }

  private static void fundEth(Credentials from, String to) throws Exception {
    org.web3j.tx.Transfer.sendFunds(
            web3j, from, to, java.math.BigDecimal.ONE, org.web3j.utils.Convert.Unit.ETHER)
        .send();
  }

  private static <T> T load(Class<T> type, String name, Credentials as) {
    return Chain.load(type, d.address(name), web3j, as);
  }

  private static TransactionReceipt tx(RemoteFunctionCall<TransactionReceipt> call)
      throws Exception {
    TransactionReceipt r = call.send();
    if (!r.isStatusOK()) {
      throw new IllegalStateException("transaction failed: " + r.getTransactionHash());
    }
    return r;
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
