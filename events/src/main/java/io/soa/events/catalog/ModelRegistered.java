package io.soa.events.catalog;

import io.soa.events.SoaEvent;
import java.util.List;

/** A model was registered in the catalog (not yet on-chain). */
public record ModelRegistered(
    String modelId,
    String catalogId,
    String name,
    String slug,
    String summary,
    String task,
    String framework,
    List<String> tags,
    List<String> features,
    String developer,
    String artifactDigest,
    String endpointUrl,
    String registeredAt)
    implements SoaEvent {

  public static final String TYPE = "soa.catalog.ModelRegistered.v1";

  @Override
  public String subject() {
    return modelId;
  }
}
