package io.soa.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import io.soa.contracts.abi.ContractAbi;
import io.soa.contracts.abi.ContractAbi.EventSpec;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.ChainLogTypes;
import io.soa.events.chain.ChainReorganized;
import io.soa.events.chain.ChainRouting;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.AbiTypes;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Compares what the chain topics say with what the chain says: the topics' view (events minus their
 * retractions, duplicates of an id dropped) against {@code eth_getLogs} of the canonical chain.
 * Optionally checks every field of every event by ABI-encoding it back and comparing with the raw
 * log. Used by the indexer's tests and by {@code ./soa chaos indexer}.
 */
public final class ChainAudit {
  private ChainAudit() {}

  /** The outcome; all lists empty means the topics agree with the chain. */
  public record Report(
      int canonical,
      int view,
      int records,
      int reorgs,
      List<String> lost,
      List<String> diverged,
      List<String> duplicatesAfterDedupe,
      List<String> fieldMismatches) {
    public boolean exact() {
      return lost.isEmpty()
          && diverged.isEmpty()
          && duplicatesAfterDedupe.isEmpty()
          && fieldMismatches.isEmpty();
    }
  }

  private record Entry(String id, String blockHash, JsonNode data) {}

  public static Report audit(
      Web3j web3j, Map<String, String> contracts, long fromBlock, String kafka, boolean checkFields)
      throws Exception {
    Map<String, EventSpec> specs = specs(contracts);
    String escrow = lower(contracts.get("UsageEscrow"));
    String market = lower(contracts.get("Marketplace"));

    // canonical: every published kind of log, by txHash:logIndex
    long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
    Map<String, Log> canonical = new LinkedHashMap<>();
    for (long from = fromBlock; from <= head; from += 5_000) {
      long to = Math.min(head, from + 4_999);
      EthLog r =
          web3j
              .ethGetLogs(
                  new EthFilter(
                      DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
                      DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
                      new ArrayList<>(contracts.values())))
              .send();
      for (EthLog.LogResult<?> lr : r.getLogs()) {
        Log l = (Log) lr.get();
        EventSpec s = specs.get(lower(l.getAddress()) + l.getTopics().get(0));
        if (s == null || !ChainLogTypes.BY_LOG.containsKey(s.contract() + "." + s.name())) {
          continue;
        }
        if (s.contract().equals("SOAToken")
            && ChainRouting.soaTransfer(
                    topicAddress(l.getTopics().get(1)),
                    topicAddress(l.getTopics().get(2)),
                    escrow,
                    market)
                .isEmpty()) {
          continue;
        }
        canonical.put(lower(l.getTransactionHash()) + ":" + l.getLogIndex(), l);
      }
    }

    // the topics' view
    java.util.Set<String> ours = new java.util.HashSet<>();
    contracts.values().forEach(a -> ours.add(lower(a)));
    Map<String, Entry> view = new HashMap<>();
    Map<String, Entry> published = new HashMap<>();
    List<String> retractions = new ArrayList<>();
    Map<String, byte[]> seen = new HashMap<>();
    List<String> dups = new ArrayList<>();
    List<String> diverged = new ArrayList<>();
    int records = 0;
    int reorgs = 0;
    for (ConsumerRecord<String, byte[]> rec : readAll(kafka, Topics.CHAIN)) {
      records++;
      CloudEvent ce = TopicReader.cloudEventOrNull(rec);
      if (ce == null) {
        continue; // a poison record of another test on the shared broker
      }
      byte[] payload = ce.getData().toBytes();
      boolean reorg = ce.getType().equals(ChainReorganized.TYPE);
      byte[] before = seen.putIfAbsent(rec.topic() + "|" + ce.getId(), payload);
      if (before != null) {
        if (!java.util.Arrays.equals(
            reorg ? observed(before) : before, reorg ? observed(payload) : payload)) {
          dups.add(ce.getId());
        }
        continue; // an identical duplicate: consumers drop it
      }
      if (reorg) {
        reorgs++;
        continue;
      }
      JsonNode d = EventCodec.JSON.readTree(payload);
      if (d.get("contract") == null || !ours.contains(d.get("contract").asText())) {
        continue; // another deployment's events on a shared broker
      }
      String base = d.get("txHash").asText() + ":" + d.get("logIndex").asLong();
      String hash = d.get("blockHash").asText();
      if (d.get("removed").asBoolean()) {
        // a retraction names the published id it undoes: <id>:removed:<blockHash>
        retractions.add(io.soa.events.ChainEventIds.retracted(ce.getId()));
      } else {
        published.put(ce.getId(), new Entry(ce.getId(), hash, d));
      }
    }
    // Order across partitions is free (a re-included log may carry another key), so the view
    // is computed by id: everything published minus everything retracted.
    for (String id : retractions) {
      if (published.remove(id) == null) {
        diverged.add("retraction of " + id + " matches nothing published");
      }
    }
    for (Entry e : published.values()) {
      String base = e.data().get("txHash").asText() + ":" + e.data().get("logIndex").asLong();
      Entry prev = view.put(base, e);
      if (prev != null) {
        diverged.add(
            base + " is on the topics twice, from " + prev.blockHash() + " and " + e.blockHash());
      }
    }

    List<String> lost = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    for (var c : canonical.entrySet()) {
      Entry e = view.get(c.getKey());
      if (e == null) {
        lost.add(c.getKey() + " in block " + c.getValue().getBlockNumber());
      } else if (!e.blockHash().equalsIgnoreCase(c.getValue().getBlockHash())) {
        diverged.add(
            c.getKey()
                + " has block hash "
                + e.blockHash()
                + ", chain says "
                + c.getValue().getBlockHash());
      } else if (checkFields) {
        String m = fieldMismatch(specs, c.getValue(), e.data());
        if (m != null) {
          mismatches.add(c.getKey() + ": " + m);
        }
      }
    }
    for (String k : view.keySet()) {
      if (!canonical.containsKey(k)) {
        diverged.add(k + " is on the topics but not on the chain");
      }
    }
    return new Report(
        canonical.size(), view.size(), records, reorgs, lost, diverged, dups, mismatches);
  }

  /** Re-encodes the event's fields with the ABI and compares them with the raw log. */
  static String fieldMismatch(Map<String, EventSpec> specs, Log log, JsonNode data)
      throws Exception {
    EventSpec s = specs.get(lower(log.getAddress()) + log.getTopics().get(0));
    if (!data.get("contract").asText().equals(lower(log.getAddress()))
        || data.get("blockNumber").asLong() != log.getBlockNumber().longValueExact()
        || !data.get("txHash").asText().equals(lower(log.getTransactionHash()))) {
      return "envelope fields differ";
    }
    int topic = 1;
    @SuppressWarnings("rawtypes") // web3j's encoder takes raw Types
    List<Type> nonIndexed = new ArrayList<>();
    for (ContractAbi.Input in : s.inputs()) {
      JsonNode v = data.get(in.name());
      if (v == null) {
        return "missing field " + in.name();
      }
      Type<?> t = instantiate(in.type(), v);
      if (in.indexed()) {
        String enc = "0x" + TypeEncoder.encode(t);
        if (!enc.equalsIgnoreCase(log.getTopics().get(topic++))) {
          return in.name()
              + " = "
              + v
              + " does not encode to topic "
              + log.getTopics().get(topic - 1);
        }
      } else {
        nonIndexed.add(t);
      }
    }
    String data2 = "0x" + FunctionEncoder.encodeConstructor(nonIndexed);
    if (!data2.equalsIgnoreCase(log.getData())
        && !(nonIndexed.isEmpty() && "0x".equals(log.getData()))) {
      return "non-indexed fields do not encode to the log's data";
    }
    int expectedFields = 7 + s.inputs().size();
    if (data.size() != expectedFields) {
      return "has " + data.size() + " fields, expected " + expectedFields;
    }
    return null;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static Type<?> instantiate(String solidityType, JsonNode v) throws Exception {
    if (solidityType.endsWith("[]")) {
      String item = solidityType.substring(0, solidityType.length() - 2);
      List<Type> items = new ArrayList<>();
      for (JsonNode e : v) {
        items.add(instantiate(item, e));
      }
      return new org.web3j.abi.datatypes.DynamicArray(AbiTypes.getType(item), items);
    }
    Class<? extends Type> c = (Class<? extends Type>) AbiTypes.getType(solidityType);
    if (solidityType.startsWith("uint")) {
      return c.getConstructor(BigInteger.class).newInstance(new BigInteger(v.asText()));
    }
    if (solidityType.equals("bool")) {
      return c.getConstructor(boolean.class).newInstance(v.asBoolean());
    }
    if (solidityType.equals("address") || solidityType.equals("string")) {
      return c.getConstructor(String.class).newInstance(v.asText());
    }
    if (solidityType.startsWith("bytes")) {
      return c.getConstructor(byte[].class).newInstance(Numeric.hexStringToByteArray(v.asText()));
    }
    throw new IllegalArgumentException(solidityType);
  }

  /** Each event of {@code contracts} by lower-case address + topic0. */
  static Map<String, EventSpec> specs(Map<String, String> contracts) {
    Map<String, EventSpec> out = new HashMap<>();
    contracts.forEach(
        (name, address) ->
            ContractAbi.events(name).forEach(e -> out.put(lower(address) + e.topic0(), e)));
    return out;
  }

  /** Every record of {@code topics}, from the beginning to the current end, in partition order. */
  public static List<ConsumerRecord<String, byte[]>> readAll(String kafka, List<String> topics) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        TopicReader.consumer(kafka, "audit-" + UUID.randomUUID(), "earliest")) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : topics) {
        c.partitionsFor(t).forEach(pi -> parts.add(new TopicPartition(t, pi.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static String topicAddress(String topic) {
    return ("0x" + topic.substring(topic.length() - 40)).toLowerCase(Locale.ROOT);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  /**
   * A reorg notice without what the replica that found it observed ({@code newHead}, {@code
   * detectedAt}): a replica taking over between the notice and the rollback's commit finds the same
   * reorg again and publishes its id with its own observation (ChainReorganized's contract).
   */
  private static byte[] observed(byte[] payload) throws java.io.IOException {
    com.fasterxml.jackson.databind.node.ObjectNode d =
        (com.fasterxml.jackson.databind.node.ObjectNode) EventCodec.JSON.readTree(payload);
    d.remove(List.of("newHead", "detectedAt"));
    return EventCodec.JSON.writeValueAsBytes(d);
  }
}
