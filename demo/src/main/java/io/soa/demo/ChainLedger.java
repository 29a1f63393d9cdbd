package io.soa.demo;

import io.cloudevents.CloudEvent;
import io.soa.contracts.Payees;
import io.soa.events.ChainEvent;
import io.soa.events.EventCodec;
import io.soa.events.EventTypes;
import io.soa.events.Topics;
import io.soa.events.chain.ChannelClaimed;
import io.soa.events.chain.Deposited;
import io.soa.events.chain.LicensePurchased;
import io.soa.events.chain.PayeeReleased;
import io.soa.events.chain.Sold;
import io.soa.events.chain.Withdrawn;
import io.soa.events.chain.X402Deposited;
import io.soa.events.chain.X402Refunded;
import io.soa.events.chain.X402Settled;
import io.soa.events.chain.X402WithdrawFinalized;
import io.soa.events.licensing.AccessGranted;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the suite's events say each account's $SOA balance did: every $SOA-moving chain event the
 * indexer published (licence purchases, marketplace sales, escrow deposits, withdrawals and claims)
 * from a block on, deduplicated by event id and with retractions taken back, turned into the
 * transfers the contracts make (price less fee to the payee, fee to the treasury, royalty to the
 * model's owner, a model payee's release to its owner and the treasury). x402 payments move $SOA
 * from the payer to the model's payee in a transfer the indexer does not publish (neither escrow
 * nor marketplace is a party): the gateway's decision names it ({@code AccessGranted} on the x402
 * path with {@code paymentTx}), and that is what is counted for them. x402 channels' deposits,
 * settles, refunds and withdrawals are published by the indexer (X402BatchSettlement holds the
 * deposits between them); a channel's calls move nothing on chain until a claim is settled.
 */
final class ChainLedger {
  private ChainLedger() {}

  /**
   * The balance change of each address (lower case) the events imply, from {@code fromBlock}, of
   * the chain {@code canonical} says is this one (block number to its hash: a broker shared with
   * another chain of the same id and contract addresses, as in tests, holds its events too).
   */
  static Map<String, BigInteger> deltas(
      String kafka,
      long chainId,
      String treasury,
      String escrow,
      Payees payees,
      long fromBlock,
      java.time.Instant since,
      java.util.function.LongFunction<String> canonical) {
    Map<Long, String> hashes = new HashMap<>();
    Map<String, ChainEvent> byId = new LinkedHashMap<>();
    Map<String, AccessGranted> x402 = new LinkedHashMap<>(); // by event id: a resend is one
    for (CloudEvent e : read(kafka)) {
      var type = EventTypes.byType(e.getType());
      if (type.isEmpty()) {
        continue;
      }
      Object data = EventCodec.data(e, type.get());
      if (data instanceof AccessGranted g
          && "x402".equals(g.path())
          && g.paymentTx() != null
          && !java.time.Instant.parse(g.decidedAt()).isBefore(since)) {
        x402.put(e.getId(), g);
        continue;
      }
      if (data instanceof ChainEvent c
          && c.chainId() == chainId
          && c.blockNumber() >= fromBlock
          && c.blockHash()
              .equalsIgnoreCase(hashes.computeIfAbsent(c.blockNumber(), canonical::apply))) {
        String id = e.getId();
        if (c.removed()) {
          byId.remove(io.soa.events.ChainEventIds.retracted(id)); // a retraction takes it back
        } else {
          byId.put(id, c);
        }
      }
    }
    Map<String, BigInteger> d = new HashMap<>();
    String t = treasury.toLowerCase(Locale.ROOT);
    String x = escrow.toLowerCase(Locale.ROOT);
    for (ChainEvent c : byId.values()) {
      switch (c) {
        case LicensePurchased p -> {
          add(d, p.buyer(), neg(p.paid()));
          add(d, p.payee(), big(p.paid()).subtract(big(p.fee())));
          add(d, t, big(p.fee()));
        }
        case Sold s -> {
          add(d, s.buyer(), neg(s.price()));
          add(d, s.seller(), big(s.price()).subtract(big(s.fee())).subtract(big(s.royalty())));
          add(d, s.royaltyReceiver(), big(s.royalty()));
          add(d, t, big(s.fee()));
        }
        case Deposited p -> {
          add(d, p.account(), neg(p.amount()));
          add(d, x, big(p.amount()));
        }
        case Withdrawn w -> {
          add(d, w.account(), big(w.amount()));
          add(d, x, neg(w.amount()));
        }
        case ChannelClaimed k -> {
          add(d, x, neg(k.paid()));
          add(d, k.payee(), big(k.paid()).subtract(big(k.fee())));
          add(d, t, big(k.fee()));
        }
        // x402 batch-settlement: the contract holds deposits until they are settled or refunded
        case X402Deposited p -> {
          add(d, p.payer(), neg(p.amount()));
          add(d, p.contract(), big(p.amount()));
        }
        case X402Settled st -> {
          add(d, st.contract(), neg(st.amount()));
          add(d, st.receiver(), big(st.amount()));
        }
        case X402Refunded r -> {
          add(d, r.contract(), neg(r.amount()));
          add(d, r.payer(), big(r.amount()));
        }
        case X402WithdrawFinalized w -> {
          add(d, w.contract(), neg(w.amount()));
          add(d, w.payer(), big(w.amount()));
        }
        case PayeeReleased r -> {
          add(d, r.payee(), neg(r.paid()).subtract(big(r.fee())));
          add(d, r.owner(), big(r.paid()));
          add(d, t, big(r.fee()));
        }
        default -> {}
      }
    }
    for (AccessGranted g : x402.values()) {
      add(d, g.caller(), neg(g.amount()));
      add(d, payees.of(new BigInteger(g.modelId())), big(g.amount()));
    }
    return d;
  }

  private static List<CloudEvent> read(String kafka) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka);
    p.put("enable.auto.commit", "false");
    p.put("key.deserializer", StringDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    List<CloudEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic :
          List.of(
              Topics.CHAIN_LICENSES,
              Topics.CHAIN_MARKET,
              Topics.CHAIN_ESCROW,
              Topics.CHAIN_MODELS,
              Topics.LICENSING_ACCESS)) {
        c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!caughtUp(c, end, Set.copyOf(parts)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          try {
            out.add(EventCodec.fromRecord(r));
          } catch (RuntimeException notAnEvent) {
            // a poison record on the topic is the consumers' business, not a balance
          }
        }
      }
    }
    return out;
  }

  private static boolean caughtUp(
      KafkaConsumer<String, byte[]> c, Map<TopicPartition, Long> end, Set<TopicPartition> parts) {
    for (TopicPartition tp : parts) {
      if (c.position(tp) < end.get(tp)) {
        return false;
      }
    }
    return true;
  }

  private static void add(Map<String, BigInteger> d, String who, BigInteger amount) {
    d.merge(who.toLowerCase(Locale.ROOT), amount, BigInteger::add);
  }

  private static BigInteger big(String s) {
    return new BigInteger(s);
  }

  private static BigInteger neg(String s) {
    return new BigInteger(s).negate();
  }
}
