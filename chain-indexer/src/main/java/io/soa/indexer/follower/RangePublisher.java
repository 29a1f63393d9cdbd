package io.soa.indexer.follower;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.events.EventCodec;
import io.soa.events.Topics;
import io.soa.events.chain.ChainReorganized;
import io.soa.indexer.decode.AbiDecoder;
import io.soa.indexer.decode.Router;
import io.soa.indexer.repository.CursorRepository.Published;
import io.soa.indexer.rpc.RawLog;
import io.soa.indexer.rpc.RpcClient.Header;
import io.soa.platform.messaging.KafkaEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Turns logs into CloudEvents on their topics (decode, route, envelope, send) and sends the
 * retractions of a reorg. Decoding and serializing run on all cores, a chunk at a time (bounded
 * memory for big answers); only sending is sequential, in chain order.
 */
final class RangePublisher {
  static final String SOURCE = "/chain-indexer";
  private static final int CHUNK = 4_096;

  /** What one send produced: the acks to wait for, and the events to keep for the window. */
  record Sent(List<Future<RecordMetadata>> acks, List<Published> recent) {
    /** Waits until Kafka acknowledged every event (acks=all). */
    void awaitAcks() throws Exception {
      for (Future<RecordMetadata> ack : acks) {
        ack.get(60, TimeUnit.SECONDS);
      }
    }
  }

  private final AbiDecoder decoder;
  private final Router router;
  private final KafkaEvents kafka;

  /** Base ids of events ever retracted: a log that comes back gets a new id (see V2). */
  private final Set<String> retracted = ConcurrentHashMap.newKeySet();

  RangePublisher(AbiDecoder decoder, Router router, KafkaEvents kafka) {
    this.decoder = decoder;
    this.router = router;
    this.kafka = kafka;
  }

  /**
   * Sends the events of {@code logs} (sorted into chain order first; the list is consumed) and
   * returns their acks and those of blocks from {@code keepFrom} on, for the reorg window.
   */
  Sent publish(List<RawLog> logs, Map<Long, Header> headers, long keepFrom) {
    logs.sort(Comparator.comparingLong(RawLog::blockNumber).thenComparingLong(RawLog::logIndex));
    List<Future<RecordMetadata>> acks = new ArrayList<>(logs.size());
    List<Published> recent = new ArrayList<>();
    for (int c = 0; c < logs.size(); c += CHUNK) {
      List<RawLog> chunk = logs.subList(c, Math.min(logs.size(), c + CHUNK));
      List<AbiDecoder.Decoded> decoded = chunk.parallelStream().map(decoder::decode).toList();
      decoded.forEach(
          d -> {
            if (d != null) {
              router.remember(d);
            }
          });
      List<Out> out =
          IntStream.range(0, chunk.size())
              .parallel()
              .mapToObj(i -> build(chunk.get(i), decoded.get(i), headers))
              .toList();
      for (int i = 0; i < chunk.size(); i++) {
        chunk.set(i, null); // let the parsed response go as we go
      }
      for (Out o : out) {
        if (o == null) {
          continue;
        }
        acks.add(kafka.producer().send(o.rec()));
        Router.Routed r = o.r();
        if (r.blockNumber() >= keepFrom) {
          recent.add(
              new Published(
                  r.blockNumber(),
                  r.logIndex(),
                  r.blockHash(),
                  o.id(),
                  r.type(),
                  r.topic(),
                  r.key(),
                  new String(r.json(), StandardCharsets.UTF_8)));
        }
      }
    }
    return new Sent(acks, recent);
  }

  private record Out(Router.Routed r, String id, ProducerRecord<String, byte[]> rec) {}

  /** Routing, id, envelope and record of one log; null when the suite does not publish it. */
  private Out build(RawLog log, AbiDecoder.Decoded d, Map<Long, Header> headers) {
    Router.Routed r = d == null ? null : router.route(log, d);
    if (r == null) {
      return null;
    }
    String id = EventIds.ofLog(r.baseId(), r.blockHash(), retracted);
    OffsetDateTime time =
        Instant.ofEpochSecond(headers.get(r.blockNumber()).timestamp()).atOffset(ZoneOffset.UTC);
    return new Out(
        r,
        id,
        EventCodec.toRecord(
            r.topic(),
            r.key(),
            EventCodec.envelope(id, r.type(), SOURCE, r.json(), time, r.key())));
  }

  /**
   * Sends {@code reorg} to every chain topic, then the retraction of each event in {@code retract}
   * (its data with {@code removed: true}), and waits for every ack; then remembers the retracted
   * ids.
   */
  void retract(ChainReorganized reorg, String reorgId, List<Published> retract) throws Exception {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (String topic : Topics.CHAIN) {
      acks.add(
          kafka
              .producer()
              .send(
                  EventCodec.toRecord(
                      topic, "reorg", EventCodec.envelope(reorgId, SOURCE, reorg, now))));
    }
    for (Published p : retract) {
      acks.add(kafka.producer().send(removal(p, now)));
    }
    new Sent(acks, List.of()).awaitAcks();
  }

  /** Marks events as retracted: if their logs come back, they get new ids. */
  void retracted(Collection<String> baseIds) {
    retracted.addAll(baseIds);
  }

  private static ProducerRecord<String, byte[]> removal(Published p, OffsetDateTime now)
      throws IOException {
    ObjectNode data = (ObjectNode) EventCodec.JSON.readTree(p.payload());
    data.put("removed", true);
    return EventCodec.toRecord(
        p.topic(),
        p.key(),
        EventCodec.envelope(
            EventIds.ofRemoval(p.eventId(), p.blockHash()),
            p.eventType(),
            SOURCE,
            EventCodec.JSON.writeValueAsBytes(data),
            now,
            p.key()));
  }
}
