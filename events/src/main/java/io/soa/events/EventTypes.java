package io.soa.events;

import io.soa.events.catalog.CatalogEventTypes;
import io.soa.events.chain.ChainEventTypes;
import io.soa.events.licensing.LicensingEventTypes;
import io.soa.events.payments.PaymentEventTypes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every event type of the suite, from the holders of each producer's types. Adding an event means
 * adding it to its producer's holder, with its schema.
 */
public final class EventTypes {
  private EventTypes() {}

  public static final List<EventType<?>> ALL =
      Stream.of(
              ChainEventTypes.ALL,
              CatalogEventTypes.ALL,
              LicensingEventTypes.ALL,
              PaymentEventTypes.ALL)
          .flatMap(List::stream)
          .toList();

  private static final Map<String, EventType<?>> BY_TYPE =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

  private static final Map<Class<?>, EventType<?>> BY_CLASS =
      ALL.stream().collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));

  public static Optional<EventType<?>> byType(String type) {
    return Optional.ofNullable(BY_TYPE.get(type));
  }

  @SuppressWarnings("unchecked")
  public static <T extends SoaEvent> EventType<T> of(T event) {
    EventType<?> t = BY_CLASS.get(event.getClass());
    if (t == null) {
      throw new IllegalArgumentException("unregistered event class " + event.getClass());
    }
    return (EventType<T>) t;
  }

  /** The chain event types, in declaration order. */
  public static Stream<EventType<?>> chain() {
    return ALL.stream().filter(t -> t.type().startsWith("soa.chain."));
  }
}
