package io.soa.platform.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.soa.events.EventCodec;
import jakarta.persistence.AttributeConverter;

/**
 * Stores a value as JSON in a TEXT column. Hibernate Reactive's JSON column type decodes through
 * Vert.x JsonObject and cannot hold a top-level array, so lists go through this.
 */
public abstract class JsonText<T> implements AttributeConverter<T, String> {
  private static final ObjectMapper JSON = EventCodec.JSON; // the suite's one configuration
  private final JavaType type;

  protected JsonText(JavaType type) {
    this.type = type;
  }

  protected static com.fasterxml.jackson.databind.type.TypeFactory types() {
    return JSON.getTypeFactory();
  }

  @Override
  public String convertToDatabaseColumn(T value) {
    try {
      return value == null ? null : JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public T convertToEntityAttribute(String db) {
    try {
      return db == null ? null : JSON.readValue(db, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
    }
  }
}
