package io.soa.platform.error;

import com.fasterxml.jackson.databind.JsonMappingException;

/** The field a Jackson error is about, as a JSON path such as {@code features[0].id}. */
public final class JsonPaths {
  private JsonPaths() {}

  public static String of(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }
}
