package io.soa.chaos;

import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import io.soa.contracts.generated.UsageEscrow;
import io.soa.devchain.Chain;
import io.soa.devchain.DevAccounts;
import io.soa.devstack.Stack;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.tx.FastRawTransactionManager;
import org.web3j.tx.response.NoOpProcessor;

/**
 * Pay-per-use on a running stack's chain, for benches and chaos runs: a model tokenized by {@code
 * owner} and priced per call of {@code tokens}, a payer funded and deposited, and channels opened
 * back to back, all with anvil's well-known dev accounts.
 */
public final class PayPerUseSetup {
  private PayPerUseSetup() {}

  public static final BigInteger ONE = BigInteger.TEN.pow(18);

  /** Tokenizes a model owned by {@code owner}, prices {@code tokens}, funds {@code payer}. */
  public static BigInteger model(
      Stack stack, Web3j web3j, Credentials owner, Credentials payer, BigInteger price, long soa)
      throws Exception {
    var d = stack.deployment();
    BigInteger amount = ONE.multiply(BigInteger.valueOf(soa));
    Chain.load(SOAToken.class, d.address("SOAToken"), web3j, DevAccounts.deployer())
        .mint(payer.getAddress(), amount)
        .send();
    ModelRegistry reg = Chain.load(ModelRegistry.class, d.address("ModelRegistry"), web3j, owner);
    BigInteger model =
        ModelRegistry.getModelTokenizedEvents(
                reg.tokenize(
                        Hash.sha3(UUID.randomUUID().toString().getBytes()),
                        "https://bench/1",
                        new byte[32],
                        BigInteger.valueOf(500))
                    .send())
            .get(0)
            .modelId;
    reg.setUsagePrice(model, Hash.sha3("tokens".getBytes()), price).send();
    Chain.load(SOAToken.class, d.address("SOAToken"), web3j, payer)
        .approve(d.address("UsageEscrow"), amount)
        .send();
    Chain.load(UsageEscrow.class, d.address("UsageEscrow"), web3j, payer)
        .deposit(amount.divide(BigInteger.TWO))
        .send();
    return model;
  }

  /**
   * Opens {@code n} channels of {@code deposit} each from the payer, signed by {@code signer}, sent
   * back to back; returns their ids once the last is mined.
   */
  public static List<BigInteger> open(
      Stack stack,
      Web3j web3j,
      Credentials payer,
      BigInteger model,
      int n,
      BigInteger deposit,
      ECKeyPair signer)
      throws Exception {
    String at = stack.deployment().address("UsageEscrow");
    var tm =
        new FastRawTransactionManager(
            web3j, payer, stack.deployment().chainId(), new NoOpProcessor(web3j));
    UsageEscrow escrow = Chain.load(UsageEscrow.class, at, web3j, tm);
    BigInteger before = Chain.load(UsageEscrow.class, at, web3j, payer).channelCount().send();
    long expires = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
    String last = null;
    for (int i = 0; i < n; i++) {
      last =
          escrow
              .openChannel(
                  model, deposit, BigInteger.valueOf(expires), "0x" + Keys.getAddress(signer))
              .send()
              .getTransactionHash();
    }
    while (web3j.ethGetTransactionReceipt(last).send().getTransactionReceipt().isEmpty()) {
      Thread.sleep(100);
    }
    List<BigInteger> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(before.add(BigInteger.valueOf(i)));
    }
    return ids;
  }

  /** Waits until the payment-service at {@code payments} has every channel in its mirror. */
  public static void awaitMirrored(String payments, List<BigInteger> ids) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    for (BigInteger id : ids) {
      while (http.send(
                  HttpRequest.newBuilder(URI.create(payments + "/v1/channels/" + id)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          != 200) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("channel " + id + " not mirrored within 3 minutes");
        }
        Thread.sleep(50);
      }
    }
  }
}
