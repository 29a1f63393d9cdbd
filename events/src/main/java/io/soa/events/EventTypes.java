package io.soa.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every event type of the suite. Adding an event means adding it here and its schema. */
public final class EventTypes {
  private EventTypes() {}

  public static final EventType<io.soa.events.chain.ModelTokenized> CHAIN_MODEL_TOKENIZED =
      new EventType<>(io.soa.events.chain.ModelTokenized.TYPE,
          io.soa.events.chain.ModelTokenized.class, Topics.CHAIN_MODELS);

  public static final EventType<io.soa.events.catalog.ModelRegistered> CATALOG_MODEL_REGISTERED =
      new EventType<>(io.soa.events.catalog.ModelRegistered.TYPE,
          io.soa.events.catalog.ModelRegistered.class, Topics.CATALOG_MODELS);

  public static final EventType<io.soa.events.catalog.ModelTokenized> CATALOG_MODEL_TOKENIZED =
      new EventType<>(io.soa.events.catalog.ModelTokenized.TYPE,
          io.soa.events.catalog.ModelTokenized.class, Topics.CATALOG_MODELS);

  public static final List<EventType<?>> ALL =
      List.of(CHAIN_MODEL_TOKENIZED, CATALOG_MODEL_REGISTERED, CATALOG_MODEL_TOKENIZED);

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
}
