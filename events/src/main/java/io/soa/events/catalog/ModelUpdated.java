package io.soa.events.catalog;

import io.soa.events.SoaEvent;
import java.util.List;

/**
 * A catalog model changed: its description (PATCH), its lifecycle state, or a chain mirror that was
 * undone (tokenization retracted) or flagged (artifact digest mismatch). {@code changed} names the
 * fields that changed; {@code version} is the model's new ETag.
 */
public record ModelUpdated(
    String modelId,
    long version,
    List<String> changed,
    String name,
    String slug,
    String state,
    boolean digestMismatch,
    List<String> features,
    String endpointUrl,
    String updatedAt)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelUpdated.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
