package io.soa.events;

/**
 * One kind of event: its CloudEvents {@code type}, the record of its data, and its topic.
 *
 * @param type {@code soa.<domain>.<Name>.v1}
 */
public record EventType<T extends SoaEvent>(String type, Class<T> dataClass, String topic) {

  /** Classpath location of this type's JSON Schema. */
  public String schemaResource() {
    return "/schemas/" + type + ".json";
  }
}
