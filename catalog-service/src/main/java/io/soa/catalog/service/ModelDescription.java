package io.soa.catalog.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.soa.catalog.api.ModelRequest;
import io.soa.catalog.domain.Feature;
import io.soa.catalog.domain.Model;
import io.soa.platform.error.Invalid;
import io.soa.platform.net.EndpointPolicy;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The developer-written half of a model, between its request form and the entity: filling a model
 * from a request (with the checks no annotation can make), the request a model reads back as, RFC
 * 7396 merge patches over it, and slugs.
 */
final class ModelDescription {
  private ModelDescription() {}

  /** The fields of a model's description, in their declared order. */
  static final List<String> FIELDS =
      java.util.Arrays.stream(ModelRequest.class.getRecordComponents())
          .map(c -> c.getName())
          .toList();

  static void fill(Model m, ModelRequest r, EndpointPolicy endpoints) {
    if (r.endpointUrl() != null) {
      endpoints
          .check(r.endpointUrl())
          .ifPresent(
              why -> {
                throw Invalid.field("endpointUrl", why);
              });
    }
    List<Feature> features =
        r.features() == null
            ? List.of()
            : r.features().stream()
                .map(
                    f ->
                        new Feature(
                            f.id(),
                            f.description(),
                            f.inputContentTypes() == null ? List.of() : f.inputContentTypes(),
                            f.outputContentTypes() == null ? List.of() : f.outputContentTypes()))
                .toList();
    var seen = new HashSet<String>();
    for (int i = 0; i < features.size(); i++) {
      if (!seen.add(features.get(i).id())) {
        throw Invalid.field(
            "features[" + i + "].id", "duplicate feature id " + features.get(i).id());
      }
    }
    m.name = r.name().strip();
    if (r.slug() != null) {
      m.slug = r.slug();
    }
    m.summary = r.summary();
    m.description = r.description();
    m.task = r.task();
    m.framework = r.framework();
    m.modality = r.modality();
    m.tags =
        r.tags() == null
            ? List.of()
            : r.tags().stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).distinct().toList();
    m.licenseSummary = r.licenseSummary();
    m.features = features;
    m.endpointUrl = r.endpointUrl();
    m.artifactDigest =
        r.artifactDigest() == null ? null : r.artifactDigest().toLowerCase(Locale.ROOT);
  }

  /** The model's description as a request, to merge a patch into. */
  static ModelRequest requestOf(Model m) {
    return new ModelRequest(
        m.name,
        m.slug,
        m.summary,
        m.description,
        m.task,
        m.framework,
        m.modality,
        m.tags,
        m.licenseSummary,
        m.features.stream()
            .map(
                f ->
                    new ModelRequest.FeatureRequest(
                        f.id(), f.description(), f.inputContentTypes(), f.outputContentTypes()))
            .toList(),
        m.endpointUrl,
        m.artifactDigest,
        null);
  }

  /** RFC 7396: null removes, objects merge recursively, anything else replaces. */
  static ObjectNode mergePatch(ObjectNode target, ObjectNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!FIELDS.contains(e.getKey())) {
        throw Invalid.field(e.getKey(), "unknown field");
      }
      JsonNode v = e.getValue();
      if (v.isNull()) {
        target.remove(e.getKey());
      } else if (v.isObject() && target.get(e.getKey()) instanceof ObjectNode t) {
        mergePatch(t, (ObjectNode) v);
      } else {
        target.set(e.getKey(), v);
      }
    }
    return target;
  }

  /** "Sentiment Classifier v2" becomes "sentiment-classifier-v2". */
  static String slugOf(String name) {
    String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    String slug =
        ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (slug.length() > 55) {
      slug = slug.substring(0, 55).replaceAll("-+$", "");
    }
    return slug.isEmpty() ? "model" : slug;
  }
}
