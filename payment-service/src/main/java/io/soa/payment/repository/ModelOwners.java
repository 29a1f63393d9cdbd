package io.soa.payment.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/** Who owns a model, as the chain mirror has it: the one who may settle it on demand. */
@ApplicationScoped
public class ModelOwners {
  private final Pool pool;

  public ModelOwners(Pool pool) {
    this.pool = pool;
  }

  /** The model's owner, lower case, or empty when the mirror has not seen its token. */
  public Uni<Optional<String>> owner(BigInteger modelId) {
    return pool.preparedQuery("SELECT owner FROM model_owner WHERE model_id = $1")
        .execute(Tuple.of(new BigDecimal(modelId)))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(
                        rows.iterator().next().getString("owner").toLowerCase(Locale.ROOT)));
  }

  /** The models {@code owner} owns now, as the chain mirror has it. */
  public Uni<java.util.List<BigInteger>> models(String owner) {
    return pool.preparedQuery("SELECT model_id FROM model_owner WHERE owner = $1 ORDER BY model_id")
        .execute(Tuple.of(owner))
        .map(
            rows -> {
              java.util.List<BigInteger> out = new java.util.ArrayList<>();
              rows.forEach(r -> out.add(r.getBigDecimal("model_id").toBigIntegerExact()));
              return out;
            });
  }
}
