package io.soa.events;

import java.util.List;

/**
 * One kind of event: its CloudEvents {@code type}, the record of its data, and the topic(s) it is
 * published on (several for chain events of the same name from different contracts).
 *
 * @param type {@code soa.<domain>.<Name>.v1}
 */
public record EventType<T extends SoaEvent>(String type, Class<T> dataClass, List<String> topics) {

  /** The topic of a service event (its only topic). */
  public String topic() {
    return topics.get(0);
  }

  /** Classpath location of this type's JSON Schema. */
  public String schemaResource() {
    return "/schemas/" + type + ".json";
  }
}
