package io.soa.analytics.stream;

import io.soa.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.math.BigInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;

/**
 * The application: each public topic's records decoded into facts, the facts counted once each (by
 * their own ids), and the counts kept in queryable stores the dashboard reads. Records are
 * CloudEvents in Kafka's binary mode (the type and id in {@code ce_*} headers), so every source is
 * read as bytes and decoded in a processor, which sees the headers.
 */
@ApplicationScoped
public class AnalyticsTopology {
  /** Revenue: {@code model|feature|minute} to the net amount charged, in $SOA base units. */
  public static final String REVENUE = "revenue";

  /** Access decisions: {@code minute|model|outcome} to the number of calls. */
  public static final String ACCESS = "access";

  /** x402 revenue: model id to what its x402 calls paid (wei, decimal). */
  public static final String X402 = "x402-revenue";

  /** Sales: {@code chain:<model id>} or {@code catalog:<catalog id>} to {@link ModelSales}. */
  public static final String SALES = "sales";

  /** Channels: channel id to {@link ChannelBook}. */
  public static final String CHANNELS = "channels";

  /** Settlements: outcome to {@link SettlementTotals}. */
  public static final String SETTLEMENTS = "settlements";

  /** Catalog models: catalog id to {@link ModelName}. */
  public static final String MODELS = ModelNames.STORE;

  private static final Consumed<String, byte[]> RAW =
      Consumed.with(Serdes.String(), Serdes.ByteArray());

  /** {@code topic}'s events, each decoded once (see {@link Decoded#of}). */
  private static KStream<String, Decoded> events(StreamsBuilder b, String topic) {
    return b.stream(topic, RAW).processValues(Decoded.decoder(topic));
  }

  @Produces
  public Topology topology() {
    StreamsBuilder b = new StreamsBuilder();
    Serde<String> text = Serdes.String();

    KStream<String, Decoded> charges = events(b, Topics.PAYMENTS_CHARGES);
    charges
        .process(RevenueLedger.supplier())
        .groupByKey(Grouped.with("revenue-deltas", text, text))
        .reduce(
            (a, d) -> new BigInteger(a).add(new BigInteger(d)).toString(),
            Materialized.<String, String>as(Stores.inMemoryKeyValueStore(REVENUE))
                .withKeySerde(text)
                .withValueSerde(text));

    events(b, Topics.LICENSING_ACCESS)
        .process(AccessOutcomes.supplier())
        .groupByKey(Grouped.with("access-outcomes", text, Serdes.Long()))
        .reduce(
            Long::sum,
            Materialized.<String, Long>as(Stores.inMemoryKeyValueStore(ACCESS))
                .withKeySerde(text)
                .withValueSerde(Serdes.Long()));

    events(b, Topics.LICENSING_ACCESS)
        .process(X402Revenue.supplier())
        .groupByKey(Grouped.with("x402-revenue-deltas", text, text))
        .reduce(
            (a, d) -> new BigInteger(a).add(new BigInteger(d)).toString(),
            Materialized.<String, String>as(Stores.inMemoryKeyValueStore(X402))
                .withKeySerde(text)
                .withValueSerde(text));

    events(b, Topics.CHAIN_LICENSES)
        .process(SaleLedger.licences())
        .merge(events(b, Topics.CATALOG_MARKET).process(SaleLedger.tokens()))
        .groupByKey(Grouped.with("sales", text, Json.serde(Sale.class)))
        .aggregate(
            ModelSales::none,
            (model, sale, sales) -> sales.plus(sale),
            Materialized.<String, ModelSales>as(Stores.inMemoryKeyValueStore(SALES))
                .withKeySerde(text)
                .withValueSerde(Json.serde(ModelSales.class)));

    // escrow (by channel) and charges (by channel) are not co-partitioned in general (k8s gives
    // them 3 and 6 partitions), so the facts meet on a topic of this application's own
    events(b, Topics.CHAIN_ESCROW)
        .process(ToChannelFacts::new)
        .merge(charges.process(ToChannelFacts::new))
        .repartition(
            Repartitioned.with(text, Json.serde(ChannelFact.class)).withName("channel-facts"))
        .groupByKey()
        .aggregate(
            ChannelBook::new,
            (channel, fact, book) -> book.apply(fact),
            Materialized.<String, ChannelBook>as(Stores.inMemoryKeyValueStore(CHANNELS))
                .withKeySerde(text)
                .withValueSerde(Json.serde(ChannelBook.class)));

    events(b, Topics.PAYMENTS_SETTLEMENTS)
        .process(Settlements.supplier())
        .groupByKey(Grouped.with("settlement-outcomes", text, Json.serde(SettlementTotals.class)))
        .reduce(
            SettlementTotals::plus,
            Materialized.<String, SettlementTotals>as(Stores.inMemoryKeyValueStore(SETTLEMENTS))
                .withKeySerde(text)
                .withValueSerde(Json.serde(SettlementTotals.class)));

    events(b, Topics.CATALOG_MODELS).process(ModelNames.supplier());
    return b.build();
  }

  /** A channel's events as {@link ChannelFact}s keyed by channel id; other events dropped. */
  private static final class ToChannelFacts
      implements Processor<String, Decoded, String, ChannelFact> {
    private ProcessorContext<String, ChannelFact> context;

    @Override
    public void init(ProcessorContext<String, ChannelFact> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, Decoded> record) {
      ChannelFact.of(record.value())
          .ifPresent(f -> context.forward(record.withKey(f.channelId()).withValue(f)));
    }
  }
}
