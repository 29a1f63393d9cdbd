package io.soa.indexer.decode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.soa.events.EventCodec;
import io.soa.events.chain.ChainLogTypes;
import io.soa.events.chain.ChainRouting;
import io.soa.indexer.rpc.RawLog;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Turns a decoded log into the typed event of the events module and picks its topic and partition
 * key (DESIGN §4): models and licences by model id, market by collection:tokenId, escrow by channel
 * id (other events of a contract by the account or contract they concern).
 */
public final class Router {
  /**
   * An event ready to publish: its topic and key, CloudEvents type, position, and data as JSON (the
   * record's fields, written straight from the decoded values; tests validate every event against
   * its schema and every field against the raw log).
   *
   * @param baseId {@code chainId:txHash:logIndex}
   */
  public record Routed(
      String topic,
      String key,
      String type,
      String baseId,
      long blockNumber,
      String blockHash,
      long logIndex,
      byte[] json) {}

  private static final ObjectMapper JSON = EventCodec.JSON; // the suite's one configuration

  private final long chainId;
  private final String escrow;
  private final String market;
  private final Function<String, String> modelOfLicense;
  private final Map<String, String> licenseModels = new ConcurrentHashMap<>();

  /**
   * @param contracts contract name to address
   * @param modelOfLicense looks up a licence's model on-chain when no purchase was seen
   */
  public Router(
      long chainId, Map<String, String> contracts, Function<String, String> modelOfLicense) {
    this.chainId = chainId;
    this.escrow = lower(contracts.get("UsageEscrow"));
    this.market = lower(contracts.get("Marketplace"));
    this.modelOfLicense = modelOfLicense;
  }

  /** The event of {@code d}, or null when the suite does not publish that log. */
  public Routed route(RawLog log, AbiDecoder.Decoded d) {
    String type = ChainLogTypes.BY_LOG.get(d.contract() + "." + d.event());
    if (type == null) {
      return null;
    }
    Map<String, Object> a = d.args();
    String contract = log.address();
    String topic;
    String key;
    if (d.contract().equals("SOAToken")) {
      var route =
          ChainRouting.soaTransfer((String) a.get("from"), (String) a.get("to"), escrow, market);
      if (route.isEmpty()) {
        return null; // other $SOA transfers are not the suite's business
      }
      topic = route.get().topic();
      key = route.get().key();
    } else {
      topic = ChainRouting.topicOf(d.contract()).orElse(null);
      if (topic == null) {
        return null;
      }
      key = keyOf(d.contract(), a, contract);
    }
    if (key == null) {
      key = contract;
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("chainId", chainId);
    data.put("blockNumber", log.blockNumber());
    data.put("blockHash", log.blockHash());
    data.put("txHash", log.txHash());
    data.put("logIndex", log.logIndex());
    data.put("removed", false);
    data.put("contract", contract);
    data.putAll(a);
    try {
      return new Routed(
          topic,
          key,
          type,
          chainId + ":" + log.txHash() + ":" + log.logIndex(),
          log.blockNumber(),
          log.blockHash(),
          log.logIndex(),
          JSON.writeValueAsBytes(data));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The partition key of a log of {@code contract} (DESIGN §4). */
  private String keyOf(String contract, Map<String, Object> a, String address) {
    return switch (contract) {
      case "ModelRegistry" -> first(a, "modelId", "tokenId", "owner");
      case "LicenseToken" -> {
        if (a.containsKey("licenseId") && a.containsKey("modelId")) {
          licenseModels.put((String) a.get("licenseId"), (String) a.get("modelId"));
        }
        if (a.containsKey("modelId")) {
          yield (String) a.get("modelId");
        } else if (a.containsKey("tokenId")) {
          yield licenseModels.computeIfAbsent((String) a.get("tokenId"), modelOfLicense);
        }
        yield first(a, "owner", "newOwner", "newTreasury", null, address);
      }
      case "Marketplace" ->
          a.containsKey("collection") ? a.get("collection") + ":" + a.get("tokenId") : address;
      case "ModelPayees" -> first(a, "modelId", null, null, null, address);
      case "X402BatchSettlement" -> first(a, "channelId", "receiver", null, null, address);
      default -> first(a, "channelId", "account", null, null, address); // UsageEscrow
    };
  }

  /** Remembers licences' models from purchases, before logs are routed in parallel. */
  public void remember(AbiDecoder.Decoded d) {
    if ("LicenseToken".equals(d.contract()) && "LicensePurchased".equals(d.event())) {
      licenseModels.put((String) d.args().get("licenseId"), (String) d.args().get("modelId"));
    }
  }

  private static String first(Map<String, Object> a, String k1, String k2, String k3) {
    return first(a, k1, k2, k3, null, null);
  }

  private static String first(
      Map<String, Object> a, String k1, String k2, String k3, String k4, String fallback) {
    for (String k : new String[] {k1, k2, k3, k4}) {
      if (k != null && a.get(k) != null) {
        return String.valueOf(a.get(k));
      }
    }
    return fallback;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
