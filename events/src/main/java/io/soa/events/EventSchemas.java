package io.soa.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The published JSON Schema (2020-12) of each event type, and validation against it. */
public final class EventSchemas {
  private EventSchemas() {}

  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

  public static JsonSchema schema(EventType<?> type) {
    return CACHE.computeIfAbsent(
        type.type(),
        t -> {
          try (InputStream in = EventSchemas.class.getResourceAsStream(type.schemaResource())) {
            if (in == null) {
              throw new IllegalStateException("no schema at " + type.schemaResource());
            }
            return FACTORY.getSchema(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The violations of {@code data} against the schema of {@code type}; empty when valid. */
  public static List<String> violations(EventType<?> type, byte[] data) {
    try {
      JsonNode node = EventCodec.JSON.readTree(data);
      return schema(type).validate(node).stream().map(ValidationMessage::getMessage).toList();
    } catch (IOException e) {
      return List.of("not JSON: " + e.getMessage());
    }
  }
}
