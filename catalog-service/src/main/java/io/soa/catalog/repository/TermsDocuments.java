package io.soa.catalog.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** Licence terms documents, one per model and SHA-256 digest of their text. */
@ApplicationScoped
public class TermsDocuments {
  private final Pool pool;

  public TermsDocuments(Pool pool) {
    this.pool = pool;
  }

  /** Stores the document; false when one with that digest was already there. */
  public Uni<Boolean> add(UUID modelId, String digest, String text, int size, String uploadedBy) {
    return pool.preparedQuery(
            "INSERT INTO terms_document (model_id, digest, body, size_bytes, uploaded_by,"
                + " uploaded_at) VALUES ($1, $2, $3, $4, $5, now())"
                + " ON CONFLICT (model_id, digest) DO NOTHING")
        .execute(Tuple.of(modelId, digest, text, size, uploadedBy))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The document's text, if one with that digest was published for the model. */
  public Uni<Optional<String>> body(UUID modelId, String digest) {
    return pool.preparedQuery("SELECT body FROM terms_document WHERE model_id = $1 AND digest = $2")
        .execute(Tuple.of(modelId, digest))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(rows.iterator().next().getString(0)));
  }
}
