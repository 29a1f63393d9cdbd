package io.soa.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.contracts.Payees;
import io.soa.contracts.generated.LicenseToken;
import io.soa.contracts.generated.ModelPayees;
import io.soa.contracts.generated.ModelRegistry;
import io.soa.contracts.generated.SOAToken;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * A model's developer and owner: registers the model in the catalog, tokenizes it on chain (the
 * catalog id and digest the contract needs are read back from the catalog), prices its features per
 * call, settles what its channels owe now and releases its payee. Transactions are signed by the
 * seller's key and paid in the chain's gas; each call waits for its receipt.
 */
public final class Seller {
  /** A model as the catalog registered it. */
  public record Registered(String id, String catalogId) {}

  private final SoaClient.Urls urls;
  private final Chain chain;
  private final Wallet owner;
  private final String token;
  private final Http http = new Http(Duration.ofSeconds(30), RequestListener.NONE);

  /** As {@code owner}, signed in with {@code token} ({@link SoaClient#signIn}). */
  public Seller(SoaClient.Urls urls, Chain chain, Wallet owner, String token) {
    this.urls = urls;
    this.chain = chain;
    this.owner = owner;
    this.token = token;
  }

  /**
   * Registers a model at {@code endpointUrl} with {@code features} (ids), whose artifact hashes to
   * {@code artifactDigest} (0x + 64 hex digits).
   */
  public Registered register(
      String name, String task, List<String> features, String endpointUrl, String artifactDigest) {
    ObjectNode m = Http.JSON.createObjectNode();
    m.put("name", name).put("task", task);
    features.forEach(f -> m.withArray("features").addObject().put("id", f));
    m.put("endpointUrl", endpointUrl)
        .put("artifactDigest", artifactDigest)
        .put("developer", owner.address());
    JsonNode created = http.json("POST", urls.catalog() + "/v1/models", token, m);
    String id = created.path("id").asText();
    JsonNode read = http.json("GET", urls.catalog() + "/v1/models/" + id, null, null);
    return new Registered(id, read.path("catalogId").asText());
  }

  /**
   * Tokenizes the registered model {@code id}: mints its ownership token with the catalog's id and
   * artifact digest, its token metadata served by the catalog, and {@code royaltyBps} on resales.
   * The on-chain model id.
   */
  public BigInteger tokenize(String id, int royaltyBps) {
    JsonNode m = http.json("GET", urls.catalog() + "/v1/models/" + id, null, null);
    return chain.transact(
        web3j -> {
          ModelRegistry r = registry(web3j);
          TransactionReceipt t =
              r.tokenize(
                      Numeric.hexStringToByteArray(m.path("catalogId").asText()),
                      urls.catalog() + "/v1/models/" + id + "/token-metadata",
                      Numeric.hexStringToByteArray(m.path("artifactDigest").asText()),
                      BigInteger.valueOf(royaltyBps))
                  .send();
          return ModelRegistry.getModelTokenizedEvents(t).get(0).modelId;
        });
  }

  /** Prices {@code feature} of model {@code model} at {@code price} base units a call. */
  public String price(BigInteger model, String feature, BigInteger price) {
    return chain.transact(
        web3j ->
            registry(web3j)
                .setUsagePrice(model, Hash.sha3(feature.getBytes(StandardCharsets.UTF_8)), price)
                .send()
                .getTransactionHash());
  }

  /**
   * Publishes a licence terms document for the registered model {@code id} in the catalog, under
   * its keccak-256 (the digest a tier names): that digest.
   */
  public String terms(String id, byte[] document) {
    String digest = Numeric.toHexString(Hash.sha3(document));
    Http.Answer a =
        http.send(
            "PUT",
            urls.catalog() + "/v1/models/" + id + "/terms/" + digest,
            java.util.Map.of("Authorization", "Bearer " + token, "Content-Type", "text/markdown"),
            document);
    if (!a.ok()) {
      throw SoaException.of(a.status(), a.json(), "the terms were not published");
    }
    return digest;
  }

  /** A licence tier: its price, how long and how many calls a licence lasts, what it covers. */
  public record Tier(
      BigInteger price,
      long durationSeconds,
      long callQuota,
      long maxSupply,
      boolean transferable,
      String termsDigest,
      List<String> features) {}

  /** Puts licences of {@code model} on sale as {@code tier}: the tier's id. */
  public BigInteger tier(BigInteger model, Tier tier) {
    List<byte[]> keys =
        tier.features().stream().map(f -> Hash.sha3(f.getBytes(StandardCharsets.UTF_8))).toList();
    return chain.transact(
        web3j -> {
          LicenseToken l =
              LicenseToken.load(
                  chain.address("LicenseToken"),
                  web3j,
                  chain.signer(web3j, owner),
                  chain.gas(web3j));
          TransactionReceipt t =
              l.createTier(
                      model,
                      tier.price(),
                      BigInteger.valueOf(tier.durationSeconds()),
                      BigInteger.valueOf(tier.callQuota()),
                      BigInteger.valueOf(tier.maxSupply()),
                      tier.transferable(),
                      Numeric.hexStringToByteArray(tier.termsDigest()),
                      keys)
                  .send();
          return LicenseToken.getTierCreatedEvents(t).get(0).tierId;
        });
  }

  /** Sends the claims of {@code model}'s channels now (its owner may); the settlements sent. */
  public JsonNode settle(BigInteger model) {
    return http.json("POST", urls.payments() + "/v1/settlements?modelId=" + model, token, null);
  }

  /**
   * Releases {@code model}'s payee (anyone may): what x402 paid it goes to the model's owner now,
   * less the platform's fee. What the owner got and the fee.
   */
  public BigInteger[] release(BigInteger model) {
    return chain.transact(
        web3j -> {
          String payee = new Payees(chain.address("ModelPayees")).of(model);
          BigInteger held =
              SOAToken.load(
                      chain.address("SOAToken"),
                      web3j,
                      chain.signer(web3j, owner),
                      chain.gas(web3j))
                  .balanceOf(payee)
                  .send();
          if (held.signum() == 0) {
            throw new SoaException(
                409,
                "nothing-to-release",
                "the payee of model "
                    + model
                    + " ("
                    + payee
                    + ") holds nothing yet: x402"
                    + " payments for it collect there",
                null);
          }
          ModelPayees p =
              ModelPayees.load(
                  chain.address("ModelPayees"),
                  web3j,
                  chain.signer(web3j, owner),
                  chain.gas(web3j));
          var e = ModelPayees.getPayeeReleasedEvents(p.release(model).send()).get(0);
          return new BigInteger[] {e.paid, e.fee};
        });
  }

  private ModelRegistry registry(Web3j web3j) {
    return ModelRegistry.load(
        chain.address("ModelRegistry"), web3j, chain.signer(web3j, owner), chain.gas(web3j));
  }
}
