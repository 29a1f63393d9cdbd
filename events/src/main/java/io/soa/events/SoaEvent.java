package io.soa.events;

/**
 * The data of one CloudEvent. Each implementation is a record in this module with a JSON Schema
 * under {@code schemas/<type>.json} and an entry in its producer's holder of event types (listed by
 * {@link EventTypes}).
 */
public interface SoaEvent {
  /** The CloudEvents {@code subject}: the id of the aggregate the event is about. */
  String subject();
}
