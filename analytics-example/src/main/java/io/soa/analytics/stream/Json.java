package io.soa.analytics.stream;

import io.quarkus.kafka.client.serialization.ObjectMapperSerde;
import io.soa.events.EventCodec;
import org.apache.kafka.common.serialization.Serde;

/** JSON serdes for the application's own records (store values and repartitioned facts). */
public final class Json {
  private Json() {}

  public static <T> Serde<T> serde(Class<T> type) {
    return new ObjectMapperSerde<>(type, EventCodec.JSON);
  }
}
